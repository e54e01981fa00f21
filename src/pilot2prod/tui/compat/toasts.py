"""Notices' toasts as Textual keeps them: taken back with their holder, and racks tidied once
their notices have gone. Relies on ``ToastHolder`` (a private module's class: see the
registry in :mod:`pilot2prod.tui.compat`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pilot2prod.tui.compat import notifications, unnotify

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import Notification
    from textual.screen import Screen
    from textual.widget import Widget


def take_back(app: App[Any], notification: Notification) -> None:
    """Take *notification* off every screen now, its toast and the holder Textual keeps it in
    (which, left behind empty, would keep a blank row); nothing is redrawn until the next
    ``notify``. Relies on ``App._unnotify`` and on ``ToastHolder``."""
    unnotify(app, notification, refresh=False)
    for screen in app.screen_stack:
        for holder in _toast_holders(screen):
            if holder.id == _holder_id(notification):
                holder.remove()


def drop_stale_toast_holders(app: App[Any], screen: Screen[Any]) -> bool:
    """Remove the toast holders on *screen* whose notification is gone (a toast dropped by
    Textual leaves its holder, a blank row); whether any notice is left on it. A holder just
    mounted may not have its toast inside yet: it is kept by its notification, not by what it
    holds. Relies on ``ToastHolder`` and ``App._notifications``."""
    live = {_holder_id(n) for n in notifications(app)}
    left = False
    for holder in _toast_holders(screen):
        if holder.id in live:
            left = True
        else:
            holder.remove()
    return left


def hide_empty_racks(app: App[Any]) -> None:
    """A notice removes itself when its time is up and leaves its rack shown with no rows,
    which takes every row from the screen (this app's racks are a split): hide the racks left
    with no notice. (A notice Textual drops as its time runs out, rather than removing itself,
    leaves an empty holder that keeps a blank row: those go too.)"""
    for screen in app.screen_stack:
        if not drop_stale_toast_holders(app, screen):
            for rack in screen.query_children("ToastRack"):
                rack.display = False


def tidy_after(app: App[Any], wait: float) -> None:
    """Once a notice shown now for *wait* seconds has gone, give its rows back."""
    app.set_timer(wait + 0.1, lambda: hide_empty_racks(app))


def _holder_id(notification: Notification) -> str:
    return f"--textual-toast-{notification.identity}"


def _toast_holders(screen: Screen[Any]) -> list[Widget]:
    """The toast holders in *screen*'s rack (a rack is a child of the screen)."""
    from textual.widgets._toast import ToastHolder

    return [
        holder
        for rack in screen.query_children("ToastRack")
        for holder in rack.children
        if isinstance(holder, ToastHolder)
    ]
