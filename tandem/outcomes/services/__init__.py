"""Changes to outcomes, one module per area. Views, receivers, tasks and tests call them."""
