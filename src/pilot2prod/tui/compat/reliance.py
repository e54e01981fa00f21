"""What an entry of the registry is (:class:`Reliance`), its kinds, and the owners named often.

See :mod:`.registry`, which lists the entries (those about drawing in :mod:`.registry_drawing`).
"""

from __future__ import annotations

from typing import NamedTuple


class Reliance(NamedTuple):
    """One thing of Textual's the app relies on that Textual does not promise: a private name,
    or how a public one behaves inside."""

    owner: str
    """The dotted path of the class or module that has it (``textual.app.App``)."""
    name: str
    """The attribute, method, module, class or CSS class relied on."""
    kind: str
    """One of :data:`KINDS`: how it is used, and so how the scan in the test looks for it."""
    relied_on: str
    """What the app relies on it doing (the test checks exactly this)."""


KINDS = frozenset(
    {
        "attribute",  # read on an object (pump._closing)
        "method",  # called (app._unnotify(...))
        "override",  # defined in a subclass, so Textual calls ours (App._shutdown)
        "module",  # a private module looked up by name
        "class",  # a class imported from a private module
        "css class",  # a class name Textual sets on a widget (RadioSet's highlight)
        "copied code",  # a public method whose body is copied here and changed
    }
)

MESSAGE_PUMP = "textual.message_pump.MessagePump"
APP = "textual.app.App"
QUEUE = "textual._queue.Queue"
"""The message queue of a pump (a private module: found through ``MessagePump._message_queue``)."""
DOM_NODE = "textual.dom.DOMNode"
NODE_LIST = "textual._node_list.NodeList"
"""What ``DOMNode.children`` returns (a private module)."""
TEXT_AREA_MODULE = "textual.widgets._text_area"
"""Where Textual keeps TextArea; ``textual.widgets`` imports it on first use of the name."""
STYLESHEET = "textual.css.stylesheet.Stylesheet"
SCREEN = "textual.screen.Screen"
COMPOSITOR = "textual._compositor.Compositor"
"""What lays a screen out and draws it (a private module: found through ``Screen._compositor``)."""
HIGHLIGHT = "-selected"
"""The CSS class RadioSet puts on the button its highlight is on (also used by app.tcss)."""
