"""Pure rules of the platform (staff logins): no Django, no ORM, no clock; inputs are parameters."""
