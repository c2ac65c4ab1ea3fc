"""Support policies: the catalogue (YAML data), the eligibility engine and its command-line verbs."""
