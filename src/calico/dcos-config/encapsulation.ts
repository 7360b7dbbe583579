/** VXLAN and MTU checks of the Calico install parameters. */
import { DCOS_OVERLAY_VXLAN, ENCAPSULATION_OVERHEAD } from './defaults.js';
import type { AddFinding } from './types.js';

/** The reserved VNI, the UDP port shared with the overlay, and the port Felix blocks for workloads. */
export function checkVxlan(port: number, vni: number, portGiven: boolean, add: AddFinding): void {
  if (vni === DCOS_OVERLAY_VXLAN.vni) {
    add({
      code: 'reserved-vni',
      severity: 'error',
      parameter: 'calico_vxlan_vni',
      message:
        `calico_vxlan_vni ${vni} is the DC/OS overlay's fixed VNI` +
        (port === DCOS_OVERLAY_VXLAN.port
          ? `, and calico_vxlan_port ${port} is the overlay's UDP port: Calico and the overlay would decapsulate each other's packets`
          : '') +
        ". DC/OS's own check for this never fires (it compares a string with the number 1024), so the installer accepts it; pick another VNI (default 4096)",
      source: 'stricter',
    });
  } else if (port === DCOS_OVERLAY_VXLAN.port) {
    add({
      code: 'vxlan-port-shared',
      severity: 'info',
      parameter: 'calico_vxlan_port',
      message:
        `Calico VXLAN uses UDP ${port}, the DC/OS overlay's port, told apart by VNI (${vni} vs ${DCOS_OVERLAY_VXLAN.vni})` +
        (portGiven ? '' : ": this is DC/OS's real default (gen/calc.py), although the DC/OS documentation says 4789") +
        '. Firewalls between agents need only this one VXLAN port',
      source: 'stricter',
    });
  }
  add({
    code: 'vxlan-port-blocked-for-workloads',
    severity: 'info',
    parameter: 'calico_vxlan_port',
    message: `Felix drops UDP packets to port ${port} that Calico workloads send (they look like VXLAN from a container): a task on Calico cannot use UDP ${port}`,
    source: 'stricter',
  });
}

/** MTU consistency: tunnel MTU within the host path, veth MTU not above the tunnel MTU, idle parameters. */
export function checkMtus(
  vxlanEnabled: boolean,
  mtus: Record<'calico_vxlan_mtu' | 'calico_ipinip_mtu' | 'calico_veth_mtu', number | undefined>,
  overlayMtu: number | undefined,
  hostMtu: number,
  given: (key: string) => boolean,
  add: AddFinding,
): void {
  const tunnelKey = vxlanEnabled ? 'calico_vxlan_mtu' : 'calico_ipinip_mtu';
  const idleKey = vxlanEnabled ? 'calico_ipinip_mtu' : 'calico_vxlan_mtu';
  const overhead = vxlanEnabled ? ENCAPSULATION_OVERHEAD.vxlan : ENCAPSULATION_OVERHEAD.ipip;
  const mode = vxlanEnabled ? 'VXLAN' : 'IP-in-IP';
  const tunnel = mtus[tunnelKey];
  const veth = mtus.calico_veth_mtu;
  if (given(idleKey)) {
    add({ code: 'parameter-has-no-effect', severity: 'info', parameter: idleKey, message: `${idleKey} has no effect: Calico runs in ${mode} mode (calico_vxlan_enabled: ${vxlanEnabled})`, source: 'stricter' });
  }
  if (!vxlanEnabled) {
    for (const key of ['calico_vxlan_port', 'calico_vxlan_vni']) {
      if (given(key)) add({ code: 'parameter-has-no-effect', severity: 'info', parameter: key, message: `${key} has no effect: Calico runs in IP-in-IP mode (calico_vxlan_enabled: false)`, source: 'stricter' });
    }
  }
  if (tunnel !== undefined && tunnel > hostMtu - overhead) {
    add({
      code: 'tunnel-mtu-above-path',
      severity: 'warning',
      parameter: tunnelKey,
      message: `${tunnelKey} ${tunnel} leaves no room for ${mode}'s ${overhead}-byte header on a ${hostMtu}-byte host network: at most ${hostMtu - overhead} (use --host-mtu if the hosts' MTU is not ${hostMtu})`,
      source: 'stricter',
    });
  }
  if (tunnel !== undefined && veth !== undefined && veth > tunnel) {
    add({
      code: 'veth-mtu-above-tunnel-mtu',
      severity: 'warning',
      parameter: 'calico_veth_mtu',
      message: `calico_veth_mtu ${veth} is larger than ${tunnelKey} ${tunnel}: tasks send packets that do not fit the tunnel between agents and large transfers between agents stall or fragment. Calico's guidance is one MTU for workloads and tunnel: set calico_veth_mtu to ${Math.min(tunnel, hostMtu - overhead)}`,
      source: 'stricter',
    });
  }
  if (overlayMtu !== undefined && veth !== undefined && veth !== overlayMtu) {
    add({
      code: 'mtu-changes-on-migration',
      severity: 'info',
      parameter: 'calico_veth_mtu',
      message: `tasks moving from the dcos overlay to Calico see their interface MTU change from ${overlayMtu} (dcos_overlay_mtu) to ${veth} (calico_veth_mtu)`,
      source: 'stricter',
    });
  }
}

