from tests.servers.fixtures import dovecot, dovecot_factory

__all__ = ["dovecot", "dovecot_factory"]
