"""Project settings: projectName and stage tag what gc makes (gc-project-name, gc-stage); region
and profile say where it goes when not --local."""


def create_config():
    return {"projectName": "http-python", "stage": "dev"}
