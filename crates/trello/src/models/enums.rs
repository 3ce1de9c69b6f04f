//! The fixed value sets of the board model. Each keeps values Trello adds
//! later in its `Other` variant, and each can be an endpoint parameter.

use super::wire_enum::wire_enum;

wire_enum! {
    /// A label color (also used for card covers and attachment edges).
    /// Trello's lighter and darker shades (`green_dark`, `sky_light`, …)
    /// arrive as [`LabelColor::Other`].
    pub enum LabelColor {
        Green = "green",
        Yellow = "yellow",
        Orange = "orange",
        Red = "red",
        Purple = "purple",
        Blue = "blue",
        Sky = "sky",
        Lime = "lime",
        Pink = "pink",
        Black = "black",
    }
}

wire_enum! {
    /// Who can see a board (`prefs.permissionLevel`).
    pub enum PermissionLevel {
        /// Only the board's members.
        Private = "private",
        /// Members of the board's workspace.
        Org = "org",
        /// Anyone.
        Public = "public",
    }
}

wire_enum! {
    /// Who may vote or comment on a board's cards (`prefs.voting`,
    /// `prefs.comments`).
    pub enum BoardAudience {
        /// Nobody.
        Disabled = "disabled",
        /// Board members.
        Members = "members",
        /// Board members and observers.
        Observers = "observers",
        /// Members of the board's workspace.
        Org = "org",
        /// Any Trello user.
        Public = "public",
    }
}

wire_enum! {
    /// Who may invite people to a board (`prefs.invitations`).
    pub enum InvitationPermission {
        /// Board admins only.
        Admins = "admins",
        /// Any board member.
        Members = "members",
    }
}

wire_enum! {
    /// How cards that are not touched for a while look
    /// (`prefs.cardAging`).
    pub enum CardAging {
        /// Torn and yellowed.
        Pirate = "pirate",
        /// Faded.
        Regular = "regular",
    }
}

wire_enum! {
    /// Whether a background or cover is light or dark.
    pub enum Brightness {
        Light = "light",
        Dark = "dark",
        /// Trello could not tell.
        Unknown = "unknown",
    }
}

wire_enum! {
    /// How large a card cover is drawn.
    pub enum CoverSize {
        /// A strip above the card's title.
        Normal = "normal",
        /// The whole card.
        Full = "full",
    }
}

wire_enum! {
    /// Whether a checklist item is done.
    pub enum CheckItemState {
        Complete = "complete",
        Incomplete = "incomplete",
    }
}

wire_enum! {
    /// A member's role on a board (`memberType` of a membership).
    pub enum MembershipType {
        Admin = "admin",
        Normal = "normal",
        Observer = "observer",
    }
}

wire_enum! {
    /// The kind of value a custom field holds.
    pub enum CustomFieldType {
        Checkbox = "checkbox",
        Date = "date",
        /// A drop-down of options.
        List = "list",
        Number = "number",
        Text = "text",
    }
}

wire_enum! {
    /// What kind of object a custom field or custom field item belongs to.
    pub enum ModelType {
        Board = "board",
        Card = "card",
        Member = "member",
    }
}

wire_enum! {
    /// What an action records. Trello adds types over time; those arrive as
    /// [`ActionType::Other`].
    pub enum ActionType {
        AcceptEnterpriseJoinRequest = "acceptEnterpriseJoinRequest",
        AddAttachmentToCard = "addAttachmentToCard",
        AddChecklistToCard = "addChecklistToCard",
        AddLabelToCard = "addLabelToCard",
        AddMemberToBoard = "addMemberToBoard",
        AddMemberToCard = "addMemberToCard",
        AddMemberToOrganization = "addMemberToOrganization",
        AddOrganizationToEnterprise = "addOrganizationToEnterprise",
        AddToEnterprisePluginWhitelist = "addToEnterprisePluginWhitelist",
        AddToOrganizationBoard = "addToOrganizationBoard",
        CommentCard = "commentCard",
        ConvertToCardFromCheckItem = "convertToCardFromCheckItem",
        CopyBoard = "copyBoard",
        CopyCard = "copyCard",
        CopyCommentCard = "copyCommentCard",
        CreateBoard = "createBoard",
        CreateCard = "createCard",
        CreateCheckItem = "createCheckItem",
        CreateCustomField = "createCustomField",
        CreateLabel = "createLabel",
        CreateList = "createList",
        CreateOrganization = "createOrganization",
        DeleteAttachmentFromCard = "deleteAttachmentFromCard",
        DeleteBoardInvitation = "deleteBoardInvitation",
        DeleteCard = "deleteCard",
        DeleteCheckItem = "deleteCheckItem",
        DeleteCustomField = "deleteCustomField",
        DeleteLabel = "deleteLabel",
        DeleteOrganizationInvitation = "deleteOrganizationInvitation",
        DisableEnterprisePluginWhitelist = "disableEnterprisePluginWhitelist",
        DisablePlugin = "disablePlugin",
        DisablePowerUp = "disablePowerUp",
        EmailCard = "emailCard",
        EnableEnterprisePluginWhitelist = "enableEnterprisePluginWhitelist",
        EnablePlugin = "enablePlugin",
        EnablePowerUp = "enablePowerUp",
        MakeAdminOfBoard = "makeAdminOfBoard",
        MakeAdminOfOrganization = "makeAdminOfOrganization",
        MakeNormalMemberOfBoard = "makeNormalMemberOfBoard",
        MakeNormalMemberOfOrganization = "makeNormalMemberOfOrganization",
        MakeObserverOfBoard = "makeObserverOfBoard",
        MemberJoinedTrello = "memberJoinedTrello",
        MoveCardFromBoard = "moveCardFromBoard",
        MoveCardToBoard = "moveCardToBoard",
        MoveListFromBoard = "moveListFromBoard",
        MoveListToBoard = "moveListToBoard",
        RemoveChecklistFromCard = "removeChecklistFromCard",
        RemoveFromEnterprisePluginWhitelist = "removeFromEnterprisePluginWhitelist",
        RemoveFromOrganizationBoard = "removeFromOrganizationBoard",
        RemoveLabelFromCard = "removeLabelFromCard",
        RemoveMemberFromBoard = "removeMemberFromBoard",
        RemoveMemberFromCard = "removeMemberFromCard",
        RemoveMemberFromOrganization = "removeMemberFromOrganization",
        RemoveOrganizationFromEnterprise = "removeOrganizationFromEnterprise",
        UnconfirmedBoardInvitation = "unconfirmedBoardInvitation",
        UnconfirmedOrganizationInvitation = "unconfirmedOrganizationInvitation",
        UpdateBoard = "updateBoard",
        UpdateCard = "updateCard",
        UpdateCheckItem = "updateCheckItem",
        UpdateCheckItemStateOnCard = "updateCheckItemStateOnCard",
        UpdateChecklist = "updateChecklist",
        UpdateCustomField = "updateCustomField",
        UpdateCustomFieldItem = "updateCustomFieldItem",
        UpdateLabel = "updateLabel",
        UpdateList = "updateList",
        UpdateMember = "updateMember",
        UpdateOrganization = "updateOrganization",
        VoteOnCard = "voteOnCard",
    }
}
