# One image for every Orienta role; the command picks the role (README "Deploying at scale"):
#   python -m bot.launcher --only rasa,actions    a Rasa replica with its action server
#   python -m bot.launcher --only gateway         a gateway (web chat, Telegram, console)
#   python -m bot.launcher                        all three in one container (a pilot)
# Build from the repository root: docker build -t orienta .

# The widget and the console's charts are bundled with the pinned npm packages.
FROM node:20-bookworm-slim AS widget
WORKDIR /src/widget
COPY widget/package.json widget/package-lock.json ./
RUN npm ci --no-audit --no-fund --silent
COPY widget/ ./
RUN mkdir -p ../bot/console/static && node build.mjs

FROM python:3.10-slim-bookworm
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
RUN useradd --create-home --uid 10001 orienta
WORKDIR /app
# Exactly what the lock pins, nothing resolved (as scripts/venv.sh does).
COPY requirements.lock ./
RUN pip install --no-deps "$(grep -E '^pip==' requirements.lock)" \
    && pip install --no-deps -r requirements.lock \
    && pip check
COPY . .
COPY --from=widget /src/widget/dist/ widget/dist/
COPY --from=widget /src/bot/console/static/charts.js bot/console/static/charts.js
# The model is part of the image, so every replica answers with the same one.
RUN python scripts/train.py && mkdir -p var && chown -R orienta:orienta var
USER orienta
ENV ORIENTA_HOST=0.0.0.0 ORIENTA_DATA_DIR=/app/var
EXPOSE 8000 5005
CMD ["python", "-m", "bot.launcher"]
