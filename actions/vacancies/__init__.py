"""Vacancies: search, explain and alert on job ads from several sources.

One interface (`source.VacancySource`), one normalized model (`model.Vacancy`), one module per
adapter (`jobtech`, `arbeitsagentur`, `bundled`), and the chat-side logic over them.
"""
