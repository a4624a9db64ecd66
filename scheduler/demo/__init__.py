"""Demo programme: realistic events to click through, safe to seed again and again."""
from scheduler.demo.seed import seed_demo, seed_demo_command

__all__ = ["seed_demo", "seed_demo_command"]
