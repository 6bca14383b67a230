"""Keep full garbage collections off the objects that live as long as the process."""

import gc
import logging

logger = logging.getLogger(__name__)


def freeze_startup_objects() -> None:
    """Collect garbage, then exempt every object that exists now from collections.

    Call it once, when a process has started, because its modules, classes and
    services live until it exits. Full collections walk every tracked object.
    Before this, they stalled event delivery in the API by 50 to 300 ms and took
    about a tenth of a bulk job of 100,000 records in the worker.
    """
    gc.collect()
    gc.freeze()
    logger.debug("froze %d objects", gc.get_freeze_count())
