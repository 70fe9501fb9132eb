import type { CauseCode, Severity } from './types.js';

/** Network layers, bottom up: causes are listed in this order, lowest failing layer first. */
export const layers = [
  'link',
  'address',
  'route',
  'gateway',
  'upstream',
  'dns',
  'web',
  'ip-family',
  'quality',
  'trust',
  'unknown',
] as const;
export type Layer = (typeof layers)[number];

/** The operating systems fix steps are written for; any other platform uses `common`, then `linux`. */
export const fixPlatforms = ['linux', 'darwin', 'win32'] as const;
export type FixPlatform = (typeof fixPlatforms)[number];

/** Steps per OS where they differ; `common` where they do not. */
export type FixSteps = Readonly<Partial<Record<FixPlatform | 'common', readonly string[]>>>;

/**
 * One cause as data. `explanation` and the fix steps are templates: `{gateway}` is replaced by the
 * fact of that name the rule observed (an address, an interface, a port), so the text says what was
 * seen on this machine rather than what might be wrong in general.
 */
export interface CauseDefinition {
  readonly layer: Layer;
  /** The usual severity; a rule may raise it for one finding (then `severityNote` says when). */
  readonly severity: Severity;
  readonly severityNote?: string;
  readonly title: string;
  readonly explanation: string;
  readonly fix: FixSteps;
}

const restartRouter =
  'Restart the router: unplug it, wait 30 seconds, plug it back in and give it two minutes to come up.';
const askAdmin =
  'On a work, school or hotel network, ask its administrator: the restriction may be deliberate.';

export const causeCatalogue: Readonly<Record<CauseCode, CauseDefinition>> = {
  'no-network-interface': {
    layer: 'link',
    severity: 'offline',
    title: 'No network adapter',
    explanation:
      'This computer reports no network adapter besides loopback: no Ethernet, Wi-Fi or mobile adapter is present and enabled.',
    fix: {
      linux: [
        'List adapters with `ip link` and `nmcli device status`; a missing Wi-Fi adapter may be blocked: run `rfkill list` and `rfkill unblock wifi`.',
        'Check that the driver is loaded: `lspci -k` (built-in) or `lsusb` (USB adapters) and `journalctl -k | grep -i firmware`.',
        'Plug in a USB network adapter or tether a phone if the built-in one has failed.',
      ],
      darwin: [
        'Open System Settings › Network and check that Wi-Fi or Ethernet is listed and not marked inactive.',
        'If an adapter is missing, add it back: `networksetup -listallhardwareports`, then the ⋯ menu › Add Service.',
        'Plug in a USB network adapter or tether a phone if the built-in one has failed.',
      ],
      win32: [
        'Turn off airplane mode: Settings › Network & internet.',
        'Open Device Manager › Network adapters; enable a disabled adapter, or reinstall one shown with a warning.',
        'Re-enable adapters turned off by hand: Settings › Network & internet › Advanced network settings.',
      ],
    },
  },
  'link-down': {
    layer: 'link',
    severity: 'offline',
    title: 'Not connected to any network',
    explanation:
      '{summary} A cable is unplugged, Wi-Fi is not joined to a network, or the adapter is switched off.',
    fix: {
      linux: [
        'Plug the network cable in firmly at both ends, or join a Wi-Fi network: `nmcli device wifi list`, then `nmcli device wifi connect <network>`.',
        'See what each adapter reports: `nmcli device status` (or `ip link show {interface}`: NO-CARRIER means no cable or no Wi-Fi association).',
        'If Wi-Fi is blocked, run `rfkill unblock wifi`; if the adapter is down, run `nmcli device connect {interface}`.',
      ],
      darwin: [
        'Plug the network cable in firmly at both ends, or choose a Wi-Fi network in the menu bar Wi-Fi menu.',
        'Open System Settings › Network: the adapter shows as Not Connected or Off; turn Wi-Fi on there.',
        'Check the link from Terminal: `ifconfig {interface}` shows `status: inactive` without a link.',
      ],
      win32: [
        'Plug the network cable in firmly at both ends, or join a Wi-Fi network from the network icon in the taskbar.',
        'Turn off airplane mode and turn Wi-Fi on: Settings › Network & internet.',
        'Check adapters with `netsh interface show interface`; enable a disabled one with `netsh interface set interface "<name>" enable` (as administrator).',
      ],
    },
  },
  'no-ip-address': {
    layer: 'address',
    severity: 'offline',
    title: 'No IP address',
    explanation: 'The network link is up on {interfaces}, but there is no usable IP address: {detail}.',
    fix: {
      linux: [
        'Ask for a new address: `nmcli device reapply {interface}` (NetworkManager), `networkctl renew {interface}` (systemd-networkd) or `sudo dhclient -r {interface} && sudo dhclient {interface}`.',
        'Check the connection is set to automatic (DHCP): `nmcli connection show` then `nmcli connection modify <name> ipv4.method auto`.',
        restartRouter,
      ],
      darwin: [
        'Renew the lease: System Settings › Network › {interface} › Details › TCP/IP › Renew DHCP Lease (or `sudo ipconfig set {interface} DHCP`).',
        'Check that Configure IPv4 is set to Using DHCP on that same page.',
        restartRouter,
      ],
      win32: [
        'Renew the lease in a terminal: `ipconfig /release` then `ipconfig /renew`.',
        'Check that IP assignment is Automatic (DHCP): Settings › Network & internet › your connection › Properties.',
        restartRouter,
      ],
    },
  },
  'no-default-route': {
    layer: 'route',
    severity: 'offline',
    title: 'No way out of the local network',
    explanation:
      'This computer has {addresses} but no default route, so it knows no way to reach anything beyond the local network.{detail}',
    fix: {
      linux: [
        'Look for a `default via …` line: `ip route show default` and `ip -6 route show default`.',
        'Reconnect so DHCP hands out the gateway again: `nmcli device disconnect {interface} && nmcli device connect {interface}`.',
        'With a static address, set the gateway: `nmcli connection modify <name> ipv4.gateway <router-ip>`, then `nmcli connection up <name>`.',
        'A VPN that disconnected uncleanly can take the route with it: reconnect or quit the VPN client.',
      ],
      darwin: [
        'Look for a `default` line: `netstat -rn -f inet` and `netstat -rn -f inet6`.',
        'Check System Settings › Network › {interface} › Details › TCP/IP: with Using DHCP the Router field must be filled; with Manually, enter the router address.',
        'A VPN that disconnected uncleanly can take the route with it: reconnect or quit the VPN client.',
      ],
      win32: [
        'Look for a 0.0.0.0 route: `route print -4` (and `route print -6` for ::/0).',
        'Renew the lease: `ipconfig /release` then `ipconfig /renew`.',
        'With a static address, fill in the default gateway: Settings › Network & internet › your connection › Properties › IP assignment › Edit.',
        'A VPN that disconnected uncleanly can take the route with it: reconnect or quit the VPN client.',
      ],
    },
  },
  'gateway-unreachable': {
    layer: 'gateway',
    severity: 'offline',
    title: 'Your router does not answer',
    explanation:
      'Your router ({gateways}) does not answer: it sent no reply to a connection attempt and did not answer address resolution (ARP, or neighbour discovery for IPv6). The link is up, so the router is off, restarting or hung, or this computer is on the wrong network.{backup}',
    fix: {
      linux: [
        'Check that the router is powered on and its lights look normal.',
        'Test it directly: `ping -c 3 {gateway}` and `ip neigh show dev {interface}` (FAILED or INCOMPLETE means the router never answered).',
        'Reconnect: `nmcli device disconnect {interface} && nmcli device connect {interface}`; on Wi-Fi, check you joined your own network.',
        restartRouter,
      ],
      darwin: [
        'Check that the router is powered on and its lights look normal.',
        'Test it directly: `ping -c 3 {gateway}` and `arp -a -i {interface}` (incomplete means the router never answered).',
        'Turn Wi-Fi off and on from the menu bar, and check you joined your own network.',
        restartRouter,
      ],
      win32: [
        'Check that the router is powered on and its lights look normal.',
        'Test it directly: `ping {gateway}` and `arp -a` (no entry for {gateway} means the router never answered).',
        'Disconnect and reconnect from the network icon in the taskbar, and check you joined your own network.',
        restartRouter,
      ],
    },
  },
  'upstream-unreachable': {
    layer: 'upstream',
    severity: 'offline',
    title: 'The internet is down beyond your router',
    explanation: '{localSide}, but no connection to the internet succeeded ({attempts}: {outcomes}). {where}',
    fix: {
      linux: [
        '{firstStep}',
        'Restart the modem, then the router: unplug both, plug the modem in first and wait until it is ready.',
        "Check your internet provider's status page or outage line (on a phone using mobile data).",
        'See where traffic stops: `tracepath -n {host}`.',
      ],
      darwin: [
        '{firstStep}',
        'Restart the modem, then the router: unplug both, plug the modem in first and wait until it is ready.',
        "Check your internet provider's status page or outage line (on a phone using mobile data).",
        'See where traffic stops: `traceroute -n {host}`.',
      ],
      win32: [
        '{firstStep}',
        'Restart the modem, then the router: unplug both, plug the modem in first and wait until it is ready.',
        "Check your internet provider's status page or outage line (on a phone using mobile data).",
        'See where traffic stops: `tracert -d {host}`.',
      ],
    },
  },
  'traffic-rejected': {
    layer: 'upstream',
    severity: 'offline',
    title: 'A firewall is rejecting your connections',
    explanation:
      'No connection to the internet succeeded ({attempts}), and the attempts were actively turned away ({outcomes}) rather than just going unanswered. {meaning}',
    fix: {
      linux: [
        '{targetStep}',
        'Look for reject rules on this computer: `sudo nft list ruleset`, `sudo iptables -S` or `sudo ufw status verbose`.',
        'Quit or reconnect a VPN client: a kill switch blocks everything while the tunnel is down.',
        'If this network needs a proxy, set it (HTTP_PROXY / HTTPS_PROXY, or Settings › Network › Network Proxy).',
        askAdmin,
        'Some routers answer this way when their own internet link is down: check the modem lights.',
      ],
      darwin: [
        '{targetStep}',
        'Check firewall and filter apps (Little Snitch, LuLu, security suites): System Settings › Network › Firewall, and `sudo pfctl -s rules`.',
        'Quit or reconnect a VPN client: a kill switch blocks everything while the tunnel is down.',
        'If this network needs a proxy, set it: System Settings › Network › {interface} › Details › Proxies.',
        askAdmin,
        'Some routers answer this way when their own internet link is down: check the modem lights.',
      ],
      win32: [
        '{targetStep}',
        'Check Windows Security › Firewall & network protection, and any third-party security suite; `netsh advfirewall show allprofiles` shows the outbound policy.',
        'Quit or reconnect a VPN client: a kill switch blocks everything while the tunnel is down.',
        'If this network needs a proxy, set it: Settings › Network & internet › Proxy.',
        askAdmin,
        'Some routers answer this way when their own internet link is down: check the modem lights.',
      ],
    },
  },
  'port-blocked': {
    layer: 'upstream',
    severity: 'info',
    severityNote: 'limited when port 80 or 443 is among the blocked ports: the web itself does not work then',
    title: 'Some ports are blocked',
    explanation:
      'The internet works, but connections on {blocked} fail ({outcomes}) while the same servers accept connections on {working}. {impact}',
    fix: {
      linux: [
        '{firstStep}',
        'Look for a rule on this computer: `sudo nft list ruleset | grep {port}` or `sudo ufw status verbose`.',
        askAdmin,
      ],
      darwin: [
        '{firstStep}',
        'Look for a rule on this computer: `sudo pfctl -s rules | grep {port}`, and check filter apps such as Little Snitch or LuLu.',
        askAdmin,
      ],
      win32: [
        '{firstStep}',
        'Look for an outbound block rule on this computer: `Get-NetFirewallRule -Direction Outbound -Action Block -Enabled True` in PowerShell.',
        askAdmin,
      ],
    },
  },
  'dns-not-configured': {
    layer: 'dns',
    severity: 'limited',
    title: 'No DNS server configured',
    explanation:
      'The connection works, but no DNS server is configured ({source} lists none), so names such as example.com cannot be looked up.{comparison}',
    fix: {
      linux: [
        'See what the system uses: `resolvectl status` (systemd-resolved) or `cat /etc/resolv.conf`.',
        'Reconnect so DHCP hands out DNS servers: `nmcli connection down <name> && nmcli connection up <name>`.',
        'Or set one by hand: `nmcli connection modify <name> ipv4.dns "<dns-ip>"`, then `nmcli connection up <name>`.',
      ],
      darwin: [
        'See what the system uses: `scutil --dns`.',
        'Add a DNS server: System Settings › Network › your connection › Details › DNS.',
      ],
      win32: [
        'See what the system uses: `ipconfig /all` (DNS Servers).',
        'Set DNS server assignment to Automatic, or enter servers: Settings › Network & internet › your connection › Properties › DNS server assignment › Edit.',
      ],
    },
  },
  'dns-unreachable': {
    layer: 'dns',
    severity: 'limited',
    title: 'DNS server does not answer',
    explanation:
      'The connection works, but the configured DNS {resolvers} did not answer ({outcomes}).{comparison}',
    fix: {
      linux: [
        'Check which servers are used: `resolvectl status` or `cat /etc/resolv.conf`.',
        'Try another server: `nmcli connection modify <name> ipv4.dns "<dns-ip>" ipv4.ignore-auto-dns yes`, then `nmcli connection up <name>`.',
        restartRouter,
      ],
      darwin: [
        'Check which servers are used: `scutil --dns`.',
        'Try another server: System Settings › Network › your connection › Details › DNS.',
        restartRouter,
      ],
      win32: [
        'Check which servers are used: `ipconfig /all`; then `ipconfig /flushdns`.',
        'Try another server: Settings › Network & internet › your connection › Properties › DNS server assignment › Edit.',
        restartRouter,
      ],
    },
  },
  'dns-failing': {
    layer: 'dns',
    severity: 'limited',
    title: 'DNS lookups fail',
    explanation:
      'The configured DNS {resolvers} answered, but with errors for names that exist ({names}): {outcomes}.{comparison}',
    fix: {
      linux: [
        'Clear the local cache: `resolvectl flush-caches` (systemd-resolved).',
        'Try another server: `nmcli connection modify <name> ipv4.dns "<dns-ip>" ipv4.ignore-auto-dns yes`, then `nmcli connection up <name>`.',
        restartRouter,
      ],
      darwin: [
        'Clear the local cache: `sudo dscacheutil -flushcache; sudo killall -HUP mDNSResponder`.',
        'Try another server: System Settings › Network › your connection › Details › DNS.',
        restartRouter,
      ],
      win32: [
        'Clear the local cache: `ipconfig /flushdns`.',
        'Try another server: Settings › Network & internet › your connection › Properties › DNS server assignment › Edit.',
        restartRouter,
      ],
    },
  },
  'dns-hijacked': {
    layer: 'dns',
    severity: 'limited',
    title: 'DNS answers are being altered',
    explanation:
      'The DNS {resolver} answered {name}, a name made up for this check that cannot exist, with {answer}. {comparison} Something on this network rewrites DNS answers: a captive portal, a filter, or malware on the router.',
    fix: {
      common: [
        'If a sign-in page should appear (hotel, café, airport), open any http:// website to bring it up.',
        'Otherwise check the router: update its firmware, change its admin password and reset its DNS settings to automatic.',
        askAdmin,
      ],
    },
  },
  'dns-slow': {
    layer: 'dns',
    severity: 'limited',
    title: 'DNS is slow',
    explanation:
      'The fastest configured DNS server, {resolver}, takes {ms} ms to answer (median; slow above {thresholdMs} ms), so every new website waits before it starts loading.',
    fix: {
      linux: [
        'Try another server: `nmcli connection modify <name> ipv4.dns "<dns-ip>"`, then `nmcli connection up <name>`.',
        restartRouter,
      ],
      darwin: [
        'Try another server: System Settings › Network › your connection › Details › DNS.',
        restartRouter,
      ],
      win32: [
        'Try another server: Settings › Network & internet › your connection › Properties › DNS server assignment › Edit.',
        restartRouter,
      ],
    },
  },
  'captive-portal': {
    layer: 'web',
    severity: 'limited',
    title: 'Sign-in required',
    explanation:
      'This network answers web requests with its own page instead of the real site: {seen}. It wants you to sign in or accept its terms first, as hotel, café, airport and guest Wi-Fi do; until then, most connections fail.',
    fix: {
      common: [
        'Open {signInPage} in a browser and accept the terms or sign in.',
        'If no page appears, open any plain http:// website, or reconnect to the Wi-Fi network.',
        'If you did sign in, the session may have expired or be tied to another device: sign in again.',
      ],
    },
  },
  'proxy-required': {
    layer: 'web',
    severity: 'info',
    title: 'Online only through a proxy',
    explanation:
      'Direct connections are blocked ({direct}), but the proxy {proxy} set in {source} reaches the internet. Apps that use the proxy work; apps that ignore the proxy setting will not connect.',
    fix: {
      linux: [
        'Nothing to do if the apps you use work.',
        'Give other programs the same proxy: export HTTP_PROXY and HTTPS_PROXY, or Settings › Network › Network Proxy.',
      ],
      darwin: [
        'Nothing to do if the apps you use work.',
        'Give other apps the same proxy: System Settings › Network › your connection › Details › Proxies.',
      ],
      win32: [
        'Nothing to do if the apps you use work.',
        'Give other apps the same proxy: Settings › Network & internet › Proxy.',
      ],
    },
  },
  'proxy-auth-required': {
    layer: 'web',
    severity: 'limited',
    title: 'Proxy sign-in required',
    explanation:
      'The proxy {proxy} set in {source} answers, but refuses to carry traffic without a valid user name and password: {challenge}.',
    fix: {
      linux: [
        'Put the credentials in the proxy variable: `HTTPS_PROXY=http://<user>:<password>@<proxy-host>:<port>`.',
        askAdmin,
      ],
      darwin: [
        'Enter the credentials: System Settings › Network › your connection › Details › Proxies › Proxy server requires password.',
        askAdmin,
      ],
      win32: [
        'Enter the credentials when Windows asks, or store them in Credential Manager › Windows Credentials.',
        askAdmin,
      ],
    },
  },
  'proxy-unreachable': {
    layer: 'web',
    severity: 'limited',
    title: 'Proxy not working',
    explanation:
      'A proxy is configured ({proxy}, set in {source}) but {outcome}. Apps that use the proxy cannot connect to anything, whichever site they try; {direct}.',
    fix: {
      linux: [
        'Check {source}: `env | grep -i proxy`, your shell profile, and Settings › Network › Network Proxy.',
        'If you no longer need a proxy (you left the office network), remove it.',
      ],
      darwin: [
        'Check the proxy settings: System Settings › Network › your connection › Details › Proxies.',
        'If you no longer need a proxy (you left the office network), turn it off there.',
      ],
      win32: [
        'Check the proxy settings: Settings › Network & internet › Proxy, and `netsh winhttp show proxy`.',
        'If you no longer need a proxy (you left the office network), turn it off there.',
      ],
    },
  },
  'ipv6-broken': {
    layer: 'ip-family',
    severity: 'limited',
    title: 'IPv6 is broken',
    explanation:
      'This computer has the IPv6 address {address} on {interface}{route} ({attempts}: {outcomes}) while IPv4 works. Apps that try IPv6 first stall or fail.',
    fix: {
      linux: [
        restartRouter,
        'Check the IPv6 route: `ip -6 route show default`.',
        'As a workaround, turn IPv6 off for this connection: `nmcli connection modify <name> ipv6.method disabled`, then `nmcli connection up <name>`.',
        'Tell your internet provider: IPv6 is handed out but does not carry traffic.',
      ],
      darwin: [
        restartRouter,
        'Check the IPv6 route: `netstat -rn -f inet6 | grep default`.',
        'As a workaround, set Configure IPv6 to Link-local only: System Settings › Network › {interface} › Details › TCP/IP.',
        'Tell your internet provider: IPv6 is handed out but does not carry traffic.',
      ],
      win32: [
        restartRouter,
        'Check the IPv6 route: `route print -6`.',
        'As a workaround, untick Internet Protocol Version 6 (TCP/IPv6): Control Panel › Network Connections › your adapter › Properties.',
        'Tell your internet provider: IPv6 is handed out but does not carry traffic.',
      ],
    },
  },
  'ipv4-broken': {
    layer: 'ip-family',
    severity: 'limited',
    title: 'IPv4 is broken',
    explanation:
      'This computer has the IPv4 address {address} on {interface}{route} ({attempts}: {outcomes}) while IPv6 works. Sites and apps without IPv6 will not load.',
    fix: {
      linux: [
        restartRouter,
        'Renew the address: `nmcli device reapply {interface}` and check `ip -4 route show default`.',
        'Tell your internet provider: IPv4 (often carrier-grade NAT or DS-Lite) does not carry traffic.',
      ],
      darwin: [
        restartRouter,
        'Renew the lease: System Settings › Network › {interface} › Details › TCP/IP › Renew DHCP Lease.',
        'Tell your internet provider: IPv4 (often carrier-grade NAT or DS-Lite) does not carry traffic.',
      ],
      win32: [
        restartRouter,
        'Renew the lease: `ipconfig /release` then `ipconfig /renew`.',
        'Tell your internet provider: IPv4 (often carrier-grade NAT or DS-Lite) does not carry traffic.',
      ],
    },
  },
  'high-latency': {
    layer: 'quality',
    severity: 'limited',
    title: 'The connection is slow to respond',
    explanation:
      'Connections take {ms} ms to set up (slow above {thresholdMs} ms) to {target}. Pages, calls and games will feel sluggish.',
    fix: {
      common: [
        'Pause large downloads, backups, cloud sync and video streams on this and other devices.',
        'On Wi-Fi, move closer to the router or use a cable.',
        restartRouter,
      ],
    },
  },
  'packet-loss': {
    layer: 'quality',
    severity: 'limited',
    title: 'Connections are being lost',
    explanation:
      '{percent}% of {sent} connection attempts to {target} got no answer while others did. Video calls break up and downloads stall.',
    fix: {
      common: [
        'On Wi-Fi, move closer to the router or use a cable; interference from neighbouring networks causes loss.',
        'Check cables and connectors between the computer, router and modem.',
        restartRouter,
        'If it persists, report it to your internet provider with the times it happened (see history).',
      ],
    },
  },
  'tls-intercepted': {
    layer: 'trust',
    severity: 'limited',
    title: 'Secure connections are being intercepted',
    explanation:
      'The secure connection to {host} presented a certificate issued by {issuer}, not by a public certificate authority. Something on this network or computer opens encrypted traffic: a corporate filter, antivirus web shield, or an attacker.',
    fix: {
      common: [
        'On a work or school network this is often deliberate inspection: ask the administrator.',
        'Check antivirus "web shield" or "HTTPS scanning" settings and turn them off to confirm.',
        'On a public network, avoid signing in to anything until this is resolved.',
      ],
    },
  },
  'clock-skew': {
    layer: 'trust',
    severity: 'limited',
    title: "This computer's clock is wrong",
    explanation:
      "This computer's clock is {skew}: {host} says it is {serverDate}, so its certificate looks {validity} here. Secure websites reject connections when the clock is that far off.",
    fix: {
      linux: ['Turn on network time: `sudo timedatectl set-ntp true`, then check with `timedatectl status`.'],
      darwin: ['Turn on Set time and date automatically: System Settings › General › Date & Time.'],
      win32: ['Turn on Set time automatically and press Sync now: Settings › Time & language › Date & time.'],
    },
  },
  unknown: {
    layer: 'unknown',
    severity: 'offline',
    title: 'Offline for an unknown reason',
    explanation:
      'No internet host answered, and what was observed fits no known cause: {detail}. The evidence lists every result.',
    fix: {
      linux: [
        'Restart networking: `sudo systemctl restart NetworkManager` (or `systemd-networkd`).',
        'Read recent network messages: `journalctl -u NetworkManager --since "-10 min"`.',
        restartRouter,
      ],
      darwin: [
        'Turn Wi-Fi off and on, or unplug and replug the cable.',
        'Restart the computer.',
        restartRouter,
      ],
      win32: [
        'Run Settings › System › Troubleshoot › Other troubleshooters › Network and Internet.',
        'Reset the network stack as administrator: `netsh winsock reset` and `netsh int ip reset`, then restart.',
        restartRouter,
      ],
    },
  },
};

/** The steps for one OS: its own list, else `common`, else Linux's (closest for other Unix-likes). */
export function fixStepsFor(definition: CauseDefinition, platform: NodeJS.Platform): readonly string[] {
  const own = (fixPlatforms as readonly string[]).includes(platform)
    ? definition.fix[platform as FixPlatform]
    : undefined;
  return own ?? definition.fix.common ?? definition.fix.linux ?? [];
}
