from tests.support.database import database_url, sessionmaker

__all__ = ["database_url", "sessionmaker"]
