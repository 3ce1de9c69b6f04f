//! Notifications and notification channel settings.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::wire_enum::wire_enum;
use super::{ActionData, MemberSummary, Reaction, lenient};

/// A notification sent to a member.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Notification {
    /// The notification's id.
    pub id: String,
    /// What the notification is about.
    #[serde(rename = "type")]
    pub notification_type: Option<NotificationType>,
    /// When it was sent.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date: Option<DateTime<Utc>>,
    /// When it was read, if it was.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date_read: Option<DateTime<Utc>>,
    /// Whether it is still unread.
    pub unread: Option<bool>,
    /// What it concerns (board, card, list, text, …), shaped as an
    /// action's data.
    pub data: Option<ActionData>,
    /// The member whose action caused it.
    pub id_member_creator: Option<String>,
    /// That member, when asked for (`memberCreator=true`).
    pub member_creator: Option<MemberSummary>,
    /// The action that caused it.
    pub id_action: Option<String>,
    /// Reactions to the action, when it is a comment.
    pub reactions: Option<Vec<Reaction>>,
    /// Every field Trello sent that has no field here (`appCreator`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

wire_enum! {
    /// What a notification is about. Types Trello adds later arrive as
    /// [`NotificationType::Other`].
    pub enum NotificationType {
        AddAdminToBoard = "addAdminToBoard",
        AddAdminToOrganization = "addAdminToOrganization",
        AddedAttachmentToCard = "addedAttachmentToCard",
        AddedMemberToCard = "addedMemberToCard",
        AddedToBoard = "addedToBoard",
        AddedToCard = "addedToCard",
        AddedToOrganization = "addedToOrganization",
        CardDueSoon = "cardDueSoon",
        ChangeCard = "changeCard",
        CloseBoard = "closeBoard",
        CommentCard = "commentCard",
        CreatedCard = "createdCard",
        DeclinedInvitationToBoard = "declinedInvitationToBoard",
        DeclinedInvitationToOrganization = "declinedInvitationToOrganization",
        InvitedToBoard = "invitedToBoard",
        InvitedToOrganization = "invitedToOrganization",
        MakeAdminOfBoard = "makeAdminOfBoard",
        MakeAdminOfOrganization = "makeAdminOfOrganization",
        MemberJoinedTrello = "memberJoinedTrello",
        MentionedOnCard = "mentionedOnCard",
        RemovedFromBoard = "removedFromBoard",
        RemovedFromCard = "removedFromCard",
        RemovedFromOrganization = "removedFromOrganization",
        RemovedMemberFromCard = "removedMemberFromCard",
        UnconfirmedInvitedToBoard = "unconfirmedInvitedToBoard",
        UnconfirmedInvitedToOrganization = "unconfirmedInvitedToOrganization",
        UpdateCheckItemStateOnCard = "updateCheckItemStateOnCard",
    }
}

/// Which notifications a member turned off on a channel.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NotificationChannelSettings {
    /// The settings' id.
    pub id: String,
    /// The member they belong to.
    pub id_member: Option<String>,
    /// The channel.
    pub channel: Option<NotificationChannel>,
    /// The notifications turned off on it.
    pub blocked_keys: Option<Vec<NotificationBlockedKey>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

wire_enum! {
    /// A channel notifications are delivered on.
    pub enum NotificationChannel {
        Email = "email",
    }
}

wire_enum! {
    /// A kind of notification that can be turned off on a channel.
    pub enum NotificationBlockedKey {
        CommentCard = "notification_comment_card",
        AddedADueDate = "notification_added_a_due_date",
        ChangedDueDate = "notification_changed_due_date",
        CardDueSoon = "notification_card_due_soon",
        RemovedFromCard = "notification_removed_from_card",
        AddedAttachmentToCard = "notification_added_attachment_to_card",
        CreatedCard = "notification_created_card",
        MovedCard = "notification_moved_card",
        ArchivedCard = "notification_archived_card",
        UnarchivedCard = "notification_unarchived_card",
    }
}
