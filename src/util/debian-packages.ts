/**
 * Which Debian/Ubuntu package provides a program, for "install it with apt-get install ..."
 * messages. Source: the package contents of Debian 12 "bookworm" (packages.debian.org file
 * search); the same names hold on Ubuntu 22.04 and later.
 */
const PACKAGE_OF: Record<string, string> = {
  ip: 'iproute2',
  bridge: 'iproute2',
  tc: 'iproute2',
  ss: 'iproute2',
  nstat: 'iproute2',
  ping: 'iputils-ping',
  ping6: 'iputils-ping',
  arping: 'iputils-arping',
  tracepath: 'iputils-tracepath',
  traceroute: 'traceroute',
  ifconfig: 'net-tools',
  route: 'net-tools',
  arp: 'net-tools',
  netstat: 'net-tools',
  sysctl: 'procps',
  pgrep: 'procps',
  'ovs-vsctl': 'openvswitch-switch',
  'ovs-ofctl': 'openvswitch-switch',
  'ovs-appctl': 'openvswitch-switch',
  'ovsdb-server': 'openvswitch-switch',
  'ovs-vswitchd': 'openvswitch-switch',
  'ovsdb-tool': 'openvswitch-switch',
  tcpdump: 'tcpdump',
  tshark: 'tshark',
  iperf3: 'iperf3',
  socat: 'socat',
  mtr: 'mtr-tiny',
  dig: 'bind9-dnsutils',
  nslookup: 'bind9-dnsutils',
  nmap: 'nmap',
  hping3: 'hping3',
  // The program alone; `dnsmasq` adds a system service that starts at once.
  dnsmasq: 'dnsmasq-base',
  radvd: 'radvd',
  ethtool: 'ethtool',
  brctl: 'bridge-utils',
  nc: 'netcat-openbsd',
  curl: 'curl',
  wget: 'wget',
  python3: 'python3',
  nft: 'nftables',
  iptables: 'iptables',
  dot: 'graphviz',
  unshare: 'util-linux',
  nsenter: 'util-linux',
  setpriv: 'util-linux',
  bash: 'bash',
};

/**
 * @param program a program name as typed on the command line, e.g. `ovs-vsctl`
 * @returns the Debian package that provides it, or undefined when nslab does not know
 */
export function debianPackageOf(program: string): string | undefined {
  return PACKAGE_OF[program];
}
