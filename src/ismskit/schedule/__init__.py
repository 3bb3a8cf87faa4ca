"""Calendar arithmetic of the ISMS: months, certification cycles. Pure."""
