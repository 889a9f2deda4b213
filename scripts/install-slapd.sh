#!/usr/bin/env bash
# Installs OpenLDAP's server and tools for the LDAP tests (test-support/slapd.ts), when missing.
# Debian, as root (CI runs so). Idempotent and quiet when slapd is already there. The package's
# own slapd service is not wanted: the tests start private servers, so it is stopped if it runs.
set -euo pipefail
if [ -x /usr/sbin/slapd ] && [ -x /usr/sbin/slapadd ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "install-slapd: /usr/sbin/slapd is missing; run as root, or: apt-get install -y slapd ldap-utils" >&2
  exit 1
fi
echo "install-slapd: installing slapd and ldap-utils"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq slapd ldap-utils >/dev/null
# The package may start its own daemon on port 389; the tests need none.
if command -v service >/dev/null 2>&1; then service slapd stop >/dev/null 2>&1 || true; fi
