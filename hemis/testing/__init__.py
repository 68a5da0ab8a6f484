"""Test helpers shared by every module (browser fixtures: `hemis.testing.browser`)."""
