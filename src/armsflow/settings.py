"""Configuration, read once from ``ARMSFLOW_*`` environment variables.

Every field here must be documented in docs/configuration.md (a test enforces it).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime settings. Defaults give a working embedded install under ./var."""

    model_config = SettingsConfigDict(env_prefix="ARMSFLOW_", extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="Where embedded databases live.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default sqlite under data_dir."
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Key for signing; generated and kept in data_dir/secret_key if unset.",
    )
    analytics_engine: Literal["duckdb", "postgres", "spark"] = "duckdb"
    analytics_dir: Path | None = Field(
        default=None, description="Parquet export for DuckDB and Spark; default data_dir/analytics."
    )
    analytics_refresh_seconds: int = Field(default=30, ge=0)
    release_min_cell: int = Field(default=10, ge=1)
    spark_master: str = "local[2]"
    spark_driver_memory: str = Field(default="3g", pattern=r"^[0-9]+[kmgKMG]$")
    default_language: Literal["en", "es"] = "en"
    host: str = "127.0.0.1"
    port: int = 8000
    cookie_secure: bool = False
    session_hours: int = Field(default=8, ge=1, le=72)
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_minutes: int = Field(default=15, ge=1)
    import_chunk_rows: int = Field(default=50_000, ge=100)
    import_max_reported_errors: int = Field(default=1000, ge=1)
    upload_max_mb: int = Field(default=512, ge=1)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # trafficking leads (armsflow.leads, docs/leads.md): the rules file; None = packaged one
    leads_rules: Path | None = None
    # link analysis (armsflow.graph, docs/graph.md)
    graph_hub_degree: int = Field(default=500, ge=2)
    graph_community_max_size: int = Field(default=1000, ge=2)
    # notifications (armsflow.notify): e-mail is off until smtp_host is set
    smtp_host: str | None = Field(default=None, description="SMTP server; unset: no e-mail.")
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "armsflow@localhost"
    smtp_starttls: bool = False
    # cases (armsflow.cases): deconfliction hit deadlines, in business days (Mon-Fri)
    hit_acknowledge_days: int = Field(default=2, ge=1, le=30)
    hit_resolve_days: int = Field(default=10, ge=1, le=90)
    hit_fuzzy_threshold: int = Field(default=88, ge=50, le=100)
    hit_holidays: str = Field(default="US", pattern=r"^[A-Za-z]{2}(\s*,\s*[A-Za-z]{2})*$|^$")

    @field_validator("hit_holidays")
    @classmethod
    def _known_calendars(cls, value: str) -> str:
        """Unknown country codes fail at start-up, not when the first hit is raised."""
        import holidays

        codes = [c.strip().upper() for c in value.split(",") if c.strip()]
        unknown = [c for c in codes if c not in holidays.list_supported_countries()]
        if unknown:
            raise ValueError(f"no holiday calendar for {', '.join(unknown)} (ISO 3166 "
                             "country codes such as US or MX)")
        return ",".join(codes)
    # monitoring (armsflow.monitoring): schedule of the six ATF-ICE activities over defaults
    monitoring_schedule: str = Field(
        default="", description="e.g. executive_meeting=annual,tecs_check=quarterly")

    def resolved_database_url(self) -> str:
        """The configured URL, or the embedded SQLite file under ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'armsflow.sqlite').resolve()}"

    def resolved_secret_key(self) -> str:
        """The configured key, or one generated once and kept beside the database."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        path = self.data_dir / "secret_key"
        if not path.exists():
            import secrets

            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings (tests build their own ``Settings`` instead)."""
    return Settings()
