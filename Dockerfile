# Image of the portal for docker-compose.yml: web, worker and beat run the same image.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=portal.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends gettext nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt package.json ./
RUN pip install --no-cache-dir -r requirements.txt && npm install --no-audit --no-fund --loglevel=error
COPY . .
RUN python manage.py compilemessages --ignore=node_modules && python scripts/vendor_krds.py \
 && DJANGO_SECRET_KEY=build DATABASE_URL=sqlite:////tmp/build.db CELERY_BROKER_URL=redis://build \
    DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2"]
