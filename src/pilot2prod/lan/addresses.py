"""This machine's addresses a phone on the same network could reach, and the ``--lan`` value.

Standard library only: nothing here starts a server or sends a packet.
"""

from __future__ import annotations

import ipaddress
import socket
import struct
import sys

from pilot2prod.lan import ListenValueError
from pilot2prod.text import for_terminal

DEFAULT_PORT = 8765
"""The port a LAN vote listens on when ``--lan`` names none (``:0`` picks a free one)."""

CONNECT_HELP: tuple[str, ...] = (
    "Phones cannot connect?",
    "• Join the same Wi-Fi as this machine.",
    "• Guest Wi-Fi often isolates devices: use another network.",
    "• A firewall on this machine may block the port.",
    "• Type the address by hand in the phone's browser.",
    "• Or pass the laptop round instead.",
)
"""What the facilitator can try when phones cannot reach the vote, one short line each."""

_SIOCGIFADDR = 0x8915  # Linux: an interface's IPv4 address
# Interfaces a phone in the room never reaches (containers, virtual machines, tunnels): their
# addresses are listed last.
_VIRTUAL = ("docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "lxc", "cni", "podman", "tun")


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.IPv4Address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def _default_route_address() -> str | None:
    """The address this machine would send from to reach beyond the network. Connecting a UDP
    socket only chooses a route: no packet is sent."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1, never answered
        address: str = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return address


def _interface_addresses() -> list[tuple[str, str]]:
    """(interface name, IPv4 address) of every interface that has one (Linux: an ioctl per
    interface), or the addresses the host name resolves to elsewhere (name "")."""
    found: list[tuple[str, str]] = []
    if sys.platform.startswith("linux"):
        import fcntl

        try:
            interfaces = socket.if_nameindex()
        except OSError:
            interfaces = []
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            for _index, name in interfaces:
                request = struct.pack("256s", name.encode()[:15])
                try:
                    reply = fcntl.ioctl(sock.fileno(), _SIOCGIFADDR, request)
                except OSError:
                    continue  # no IPv4 address, or down
                found.append((name, socket.inet_ntoa(reply[20:24])))
        if found:
            return found
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return found
    return [("", str(info[4][0])) for info in infos]


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses a phone on the same network could reach, best first: the
    default route's address, then the other interfaces' (virtual ones last). No loopback, no
    link-local 169.254.*; the list may be empty (no network)."""
    ordered: list[str] = []
    best = _default_route_address()
    if best:
        ordered.append(best)
    others = _interface_addresses()
    others.sort(key=lambda pair: pair[0].startswith(_VIRTUAL))  # (stable otherwise)
    ordered.extend(address for _name, address in others)
    unique: list[str] = []
    for address in ordered:
        if _usable(address) and address not in unique:
            unique.append(address)
    return unique


def _refuse(text: str) -> ListenValueError:
    return ListenValueError(
        f"'{for_terminal(text)}' is not an address and port, "
        "such as 192.168.1.20 or 192.168.1.20:8765"
    )


def _port(text: str, whole: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) > 65535:
        raise _refuse(whole)
    return int(text)


def _address(text: str, whole: str, version: int) -> str:
    if text == "localhost":
        return "127.0.0.1"
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        raise _refuse(whole) from None
    if ip.version != version:
        raise _refuse(whole)
    return str(ip)


def parse_listen(text: str | None) -> tuple[str | None, int]:
    """``--lan [ADDRESS[:PORT]]`` as (address, port); address None means "the best LAN address"
    (:func:`lan_addresses`), port 0 a free port. Accepts ``192.168.1.5``, ``192.168.1.5:8080``,
    ``:9000``, ``localhost:0``, ``[::1]:8080`` and ``::1``. Raises :class:`ListenValueError`
    (a usage error) naming anything else."""
    whole = text or ""
    value = whole.strip()
    if not value:
        return None, DEFAULT_PORT
    if value.startswith("["):  # [IPv6] or [IPv6]:PORT
        inside, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise _refuse(whole)
        port = _port(rest[1:], whole) if rest else DEFAULT_PORT
        return _address(inside, whole, 6), port
    if value.count(":") > 1:  # a bare IPv6 address, without a port
        return _address(value, whole, 6), DEFAULT_PORT
    host, colon, port_text = value.partition(":")
    port = _port(port_text, whole) if colon else DEFAULT_PORT
    if not host:
        return None, port
    return _address(host, whole, 4), port
