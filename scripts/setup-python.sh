#!/usr/bin/env bash
# Creates .venv with the pinned MLflow server and what the demo and tests need.
# Idempotent: a second run only checks the pinned version.
set -euo pipefail
cd "$(dirname "$0")/.."
MLFLOW_VERSION=3.18.0
# The official Kubernetes OpenAPI schemas, for the tests of the manifests the kubernetes target writes.
KUBERNETES_VALIDATE_VERSION=1.37.0
PY=${PYTHON:-python3}
VENV=.venv

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import mlflow, sklearn, sys; sys.exit(mlflow.__version__ != '$MLFLOW_VERSION')" 2>/dev/null \
    && [ "$("$VENV/bin/pip" show kubernetes-validate 2>/dev/null | sed -n 's/^Version: //p')" = "$KUBERNETES_VALIDATE_VERSION" ]; then
  exit 0
fi
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
PIP="$VENV/bin/pip --disable-pip-version-check -q"
$PIP install --upgrade pip

EXTRAS="scikit-learn<2 pandas<4 Flask-WTF<2"
if ! $PIP install "mlflow==$MLFLOW_VERSION" $EXTRAS 2>/tmp/mlops-pip.err; then
  # The package index reachable here has mlflow 3.18.0 but not yet its split-out
  # mlflow-skinny/mlflow-tracing 3.18.0. The mlflow wheel carries the whole
  # `mlflow` package, so install the 3.17.2 halves only for their dependencies,
  # remove them, and lay the 3.18.0 wheel over the top.
  echo "mlflow==$MLFLOW_VERSION did not resolve with its dependencies; installing it over the 3.17.2 dependency set" >&2
  $PIP install "mlflow-skinny==3.17.2" "mlflow-tracing==3.17.2" \
    "Flask-CORS<7" "Flask<4" "aiohttp>=3.7.0,<4" "alembic!=1.10.0,<2" "cryptography>=43.0.0,<51" \
    "docker>=4.0.0,<8" "graphene<4" "gunicorn<27" "huey>=2.5.4,<4" "matplotlib<4" "numpy<3" \
    "pyarrow>=4.0.0,<27" "scipy<2" "skops<1" "sqlalchemy>=1.4.0,<3" $EXTRAS
  $VENV/bin/pip uninstall -y -q mlflow-skinny mlflow-tracing
  $PIP install --no-deps "mlflow==$MLFLOW_VERSION"
fi
$PIP install "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
"$VENV/bin/python" -c "import mlflow, sklearn; assert mlflow.__version__ == '$MLFLOW_VERSION', mlflow.__version__; print('mlflow', mlflow.__version__, 'ready in .venv')"
