from resources.signals import connect
from resources.training.models import Diploma, Practice, TrainingSchool

for model in (Diploma, TrainingSchool, Practice):
    connect(model)
