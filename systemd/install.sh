#!/bin/sh
# Installs linegate from this checkout as a systemd service (run as root on the target).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
id linegate >/dev/null 2>&1 || useradd --system --home-dir /var/lib/linegate --shell /usr/sbin/nologin linegate
for g in dialout gpio lp; do getent group "$g" >/dev/null && usermod -aG "$g" linegate; done
mkdir -p /opt/linegate /etc/linegate
cp -r "$here/bin" "$here/dist" "$here/config" "$here/package.json" "$here/package-lock.json" /opt/linegate/
(cd /opt/linegate && npm ci --omit=dev)
[ -f /etc/linegate/linegate.yaml ] || install -m 0640 -g linegate "$here/config/example-start.yaml" /etc/linegate/linegate.yaml
if [ ! -f /etc/linegate/linegate.env ]; then
  umask 027
  echo "LINEGATE_API_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" > /etc/linegate/linegate.env
  chgrp linegate /etc/linegate/linegate.env
fi
install -m 0644 "$here/systemd/linegate.service" /etc/systemd/system/linegate.service
systemctl daemon-reload
echo "edit /etc/linegate/linegate.yaml (gateway.dataDir: /var/lib/linegate/data), then:"
echo "  sudo -u linegate node /opt/linegate/bin/linegate.js check-config /etc/linegate/linegate.yaml"
echo "  systemctl enable --now linegate"
