"""The deployment files parse and agree with the code: no docker daemon or cluster is needed here."""

from __future__ import annotations

import re

import yaml

from bot.config import PROJECT_DIR
from bot.launcher import PROCESS_NAMES

DEPLOY = PROJECT_DIR / "deploy"


def test_the_compose_file_runs_two_rasa_replicas_and_two_gateways_on_postgresql_and_redis():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "rasa-a", "rasa-b", "gateway-a", "gateway-b", "nginx"} <= set(services)
    for name in ("rasa-a", "rasa-b"):
        assert services[name]["command"][-2:] == ["--only", "rasa,actions"]
        assert services[name]["environment"]["ORIENTA_RASA_INTERFACE"] == "0.0.0.0"
    for name in ("gateway-a", "gateway-b"):
        assert services[name]["command"][-2:] == ["--only", "gateway"]
        urls = services[name]["environment"]["ORIENTA_RASA_URLS"].split(",")
        assert urls == ["http://rasa-a:5005", "http://rasa-b:5005"]
    example = (DEPLOY / "orienta.env.example").read_text()
    assert "ORIENTA_REDIS_URL=redis://redis:6379/0" in example and "postgresql://" in example


def test_the_kubernetes_manifests_route_to_every_rasa_replica_by_name():
    documents = [d for d in yaml.safe_load_all((DEPLOY / "k8s" / "orienta.yaml").read_text()) if d]
    kinds = {(d["kind"], d["metadata"]["name"]): d for d in documents}
    rasa = kinds[("StatefulSet", "orienta-rasa")]
    config = kinds[("ConfigMap", "orienta")]["data"]
    urls = config["ORIENTA_RASA_URLS"].split(",")
    assert urls == [f"http://orienta-rasa-{n}.orienta-rasa:5005" for n in range(rasa["spec"]["replicas"])]
    assert kinds[("Service", "orienta-rasa")]["spec"]["clusterIP"] == "None"
    gateway = kinds[("Deployment", "orienta-gateway")]["spec"]["template"]["spec"]["containers"][0]
    assert gateway["readinessProbe"]["httpGet"]["path"] == "/readyz"
    for container in (gateway, rasa["spec"]["template"]["spec"]["containers"][0]):
        assert set(container["command"][-1].split(",")) <= set(PROCESS_NAMES)


def test_nginx_keeps_a_socketio_connection_on_one_gateway_upgrades_websockets_and_hides_the_push_route():
    conf = (DEPLOY / "nginx.conf").read_text()
    assert conf.count("{") == conf.count("}")
    assert re.search(r"hash \$remote_addr consistent;", conf)
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert re.search(r"location /internal/ \{\s*return 404;", conf)


def test_the_dockerfile_installs_exactly_the_lock_and_defaults_to_the_whole_stack():
    dockerfile = (PROJECT_DIR / "Dockerfile").read_text()
    assert "pip install --no-deps -r requirements.lock" in dockerfile
    assert 'CMD ["python", "-m", "bot.launcher"]' in dockerfile
