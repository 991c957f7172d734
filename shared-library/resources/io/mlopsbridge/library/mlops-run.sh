#!/bin/sh
# Runs the mlops command line for the MLOps Bridge shared library on a Jenkins agent.
#
#   mlops-run.sh RESULT_FILE ERROR_FILE MLOPS_ARGUMENT...
#
# stdout (the --json result) goes to RESULT_FILE; stderr (progress lines and the one-line error) goes to ERROR_FILE,
# so the library can quote the error, and from there to the build log within a second. Exits with the command's exit
# code, also when the build is aborted: then it waits for the command line to end (SIGTERM stops it, its "aborted:"
# line reaches the build log) and exits with its code, 143.
#
# Which mlops, in this order:
#   1. $MLOPS_CLI: a path to the mlops launcher (bin/mlops) or to mlops.jar;
#   2. mlops on PATH (a one-time tool install on the agent, or the agent's container image);
#   3. $MLOPS_CLI_ARCHIVE: a release archive (.tar.gz, .tgz or .zip holding mlops.jar, or mlops.jar itself), a file
#      path or an http(s) URL, unpacked once into $MLOPS_CLI_CACHE (default: $HOME/.cache/mlops-bridge).
set -u

if [ $# -lt 2 ]; then
  echo "error: usage: mlops-run.sh RESULT_FILE ERROR_FILE MLOPS_ARGUMENT..." >&2
  exit 2
fi
result=$1
errors=$2
shift 2

fail() {
  echo "error: $1" >&2
  echo "error: $1" >"$errors"
  : >"$result"
  exit 2
}

unpack_archive() {
  archive=$1
  cache=${MLOPS_CLI_CACHE:-${HOME:-/tmp}/.cache/mlops-bridge}
  # One cache folder per archive location, so a new release URL is unpacked again.
  key=$(printf '%s' "$archive" | cksum | cut -d ' ' -f 1)
  dir="$cache/$key"
  if [ ! -f "$dir/mlops.jar" ]; then
    mkdir -p "$dir.part" || fail "cannot create $dir.part for MLOPS_CLI_ARCHIVE"
    case "$archive" in
      http://*|https://*)
        local_copy="$dir.part/download"
        if command -v curl >/dev/null 2>&1; then
          curl -fsSL -o "$local_copy" "$archive" || fail "cannot download MLOPS_CLI_ARCHIVE $archive"
        elif command -v wget >/dev/null 2>&1; then
          wget -q -O "$local_copy" "$archive" || fail "cannot download MLOPS_CLI_ARCHIVE $archive"
        else
          fail "MLOPS_CLI_ARCHIVE is a URL but the agent has neither curl nor wget"
        fi
        ;;
      *)
        [ -f "$archive" ] || fail "MLOPS_CLI_ARCHIVE $archive does not exist on this agent"
        local_copy=$archive
        ;;
    esac
    case "$archive" in
      *.tar.gz|*.tgz) tar -xzf "$local_copy" -C "$dir.part" || fail "cannot unpack MLOPS_CLI_ARCHIVE $archive" ;;
      *.zip) unzip -q -o "$local_copy" -d "$dir.part" || fail "cannot unpack MLOPS_CLI_ARCHIVE $archive" ;;
      *.jar) cp "$local_copy" "$dir.part/mlops.jar" || fail "cannot copy MLOPS_CLI_ARCHIVE $archive" ;;
      *) fail "MLOPS_CLI_ARCHIVE $archive is not a .tar.gz, .tgz, .zip or .jar" ;;
    esac
    jar=$(find "$dir.part" -name mlops.jar -type f | head -n 1)
    [ -n "$jar" ] || fail "MLOPS_CLI_ARCHIVE $archive holds no mlops.jar"
    mkdir -p "$dir" && cp "$jar" "$dir/mlops.jar.tmp" && mv "$dir/mlops.jar.tmp" "$dir/mlops.jar" \
      || fail "cannot write $dir/mlops.jar"
    rm -rf "$dir.part"
  fi
  cli="$dir/mlops.jar"
}

if [ -n "${MLOPS_CLI:-}" ]; then
  [ -e "$MLOPS_CLI" ] || fail "MLOPS_CLI $MLOPS_CLI does not exist on this agent"
  cli=$MLOPS_CLI
elif command -v mlops >/dev/null 2>&1; then
  cli=$(command -v mlops)
elif [ -n "${MLOPS_CLI_ARCHIVE:-}" ]; then
  unpack_archive "$MLOPS_CLI_ARCHIVE"
else
  fail "no mlops command line on this agent: put mlops on PATH, or set MLOPS_CLI to its path, or MLOPS_CLI_ARCHIVE to a release archive (see docs/jenkins-shared-library.md)"
fi

# stderr goes straight into ERROR_FILE, a plain file: nothing stands between the command line and the disk that an
# abort could end first. (With a pipe to tee, Jenkins' abort, which sends SIGTERM to every process of the sh step,
# ended tee before the command line, and the command line's "aborted:" line went nowhere.) A follower copies what
# is new in the file to the build log every second, through descriptor 3, whose read offset this script shares; once
# the command line has ended the script copies whatever the follower has not, so the log always gets all of it.
: >"$errors" || fail "cannot write $errors"
exec 3<"$errors"
(
  # On SIGTERM (this script stopping it, or the abort) the follower ends after the copy under way, never inside one.
  trap 'exit 0' TERM
  while :; do
    cat <&3 >&2
    sleep 1 >/dev/null 2>&1 &
    wait $!
  done
) &
follower=$!
# SIGTERM to this script waits: the shell runs the trap only once the command line (which got the signal too, and
# ends with its own "aborted:" line and exit code) has ended. Caught, not ignored, so the command line starts with
# SIGTERM's default disposition and its own handler works.
trap ':' TERM
case "$cli" in
  *.jar) "${JAVA:-java}" ${MLOPS_JAVA_OPTS:-} -jar "$cli" "$@" >"$result" 2>>"$errors" 3<&- ;;
  *) "$cli" "$@" >"$result" 2>>"$errors" 3<&- ;;
esac
code=$?
kill "$follower" 2>/dev/null
# wait returns early when a signal arrives; loop until the follower is really gone, so the last copy is ours alone.
while kill -0 "$follower" 2>/dev/null; do
  wait "$follower"
done
cat <&3 >&2
exec 3<&-
exit "$code"
