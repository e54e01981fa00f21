"""This machine's LAN addresses and the --lan value (pilot2prod.lan.addresses)."""

from __future__ import annotations

import ipaddress

import pytest

from pilot2prod.errors import EXIT_USAGE
from pilot2prod.lan import LanError, addresses
from pilot2prod.lan.addresses import CONNECT_HELP, DEFAULT_PORT, lan_addresses, parse_listen


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, (None, DEFAULT_PORT)),
        ("", (None, DEFAULT_PORT)),
        ("  ", (None, DEFAULT_PORT)),
        ("192.168.1.5", ("192.168.1.5", DEFAULT_PORT)),
        ("192.168.1.5:0", ("192.168.1.5", 0)),
        ("127.0.0.1:8080", ("127.0.0.1", 8080)),
        (":9000", (None, 9000)),
        ("localhost:0", ("127.0.0.1", 0)),
        ("[::1]:8080", ("::1", 8080)),
        ("[::1]", ("::1", DEFAULT_PORT)),
        ("::1", ("::1", DEFAULT_PORT)),
    ],
)
def test_lan_values_that_name_an_address_and_port(text, expected):
    assert parse_listen(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "wifi",
        "192.168.1",
        "192.168.1.5:",
        "192.168.1.5:http",
        "1.2.3.4:65536",
        ":",
        "[::1",
        "[::1]x",
        "[10.0.0.1]:80",
        "300.1.1.1",
        "1.2.3.4:-1",
        "1.2.3.4:８０",
        "a\x1b[31m",
    ],
)
def test_a_bad_lan_value_is_one_usage_sentence_naming_it(text):
    with pytest.raises(LanError) as caught:
        parse_listen(text)
    message = str(caught.value)
    assert message.startswith(f"'{text}'" if text.isprintable() else "'a\\x1b[31m'")
    assert "is not an address and port, such as 192.168.1.20 or 192.168.1.20:8765" in message
    assert "\x1b" not in message
    assert caught.value.exit_code == EXIT_USAGE


def test_addresses_are_usable_ipv4_without_loopback_or_link_local():
    found = lan_addresses()
    assert len(found) == len(set(found))
    for address in found:
        ip = ipaddress.IPv4Address(address)
        assert not ip.is_loopback and not ip.is_link_local


def test_the_default_route_comes_first_and_virtual_interfaces_last(monkeypatch):
    monkeypatch.setattr(addresses, "_default_route_address", lambda: "192.168.1.20")
    monkeypatch.setattr(
        addresses,
        "_interface_addresses",
        lambda: [
            ("lo", "127.0.0.1"),
            ("docker0", "172.17.0.1"),
            ("wlan0", "192.168.1.20"),
            ("eth0", "10.0.0.5"),
            ("eth1", "169.254.3.4"),
        ],
    )
    assert lan_addresses() == ["192.168.1.20", "10.0.0.5", "172.17.0.1"]
    monkeypatch.setattr(addresses, "_default_route_address", lambda: None)
    monkeypatch.setattr(addresses, "_interface_addresses", lambda: [("lo", "127.0.0.1")])
    assert lan_addresses() == []


def test_the_help_for_phones_that_cannot_connect_is_short_lines():
    text = "\n".join(CONNECT_HELP).lower()
    for hint in ("same wi-fi", "guest", "firewall", "by hand", "pass the laptop"):
        assert hint in text
    assert max(len(line) for line in CONNECT_HELP) <= 60
