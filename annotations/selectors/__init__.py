"""Read queries. Each returns a QuerySet (or plain data) already scoped to what the user may see."""
