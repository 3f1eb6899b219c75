"""Where mail comes from: IMAP mailboxes, the SMTP/LMTP listener, archives. All hand raw bytes to ingest."""
