"""The cross-channel link in the dialogue: "/link" asks for a code, "link K7M2QX" uses one.

The rules live in ``link.py``; these actions only pick the reply and, once linked, copy the slots
into this conversation. Both ends need the user's consent: a link keeps personal data.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.privacy.consent import refused_without_consent
from actions.privacy.link import CODE_TTL_SECONDS, LinkStore, Outcome, code_in
from actions.settings import action_settings

REPLIES = {
    Outcome.INVALID: "utter_link_code_invalid",
    Outcome.OWN_CODE: "utter_link_own_code",
    Outcome.TOO_MANY_TRIES: "utter_link_too_many_tries",
}


@cache
def link_store() -> LinkStore:
    """The process's link store, on the database bot/config.py validated and passed on."""
    return LinkStore(action_settings().tracker_url)


class ActionLinkAccounts(Action):
    """Give a one-time code, or link this chat to the one whose code the user typed."""

    def name(self) -> str:
        """Called for link_accounts ("/link", "link my accounts", "link K7M2QX")."""
        return "action_link_accounts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """A code in the message is redeemed; without one a new code is issued."""
        if (refusal := refused_without_consent(dispatcher, tracker)) is not None:
            return refusal
        store = link_store()
        code = code_in(tracker.latest_message.get("text") or "")
        if code is None:
            code = store.issue(tracker.sender_id, dict(tracker.slots))
            dispatcher.utter_message(response="utter_link_code", code=code, minutes=f"{CODE_TTL_SECONDS / 60:g}")
            return []
        redemption = store.redeem(tracker.sender_id, code)
        if redemption.outcome is not Outcome.LINKED:
            dispatcher.utter_message(response=REPLIES[redemption.outcome])
            return []
        dispatcher.utter_message(response="utter_linked")
        return [SlotSet(name, value) for name, value in redemption.slots.items()]


class ActionUnlinkAccounts(Action):
    """Undo the link; what each chat holds now stays until the user deletes it."""

    def name(self) -> str:
        """Called for unlink_accounts."""
        return "action_unlink_accounts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Remove the link in both directions."""
        removed = link_store().unlink(tracker.sender_id)
        dispatcher.utter_message(response="utter_unlinked" if removed else "utter_not_linked")
        return []
