/// Every command a user can give, by name. Which keys give it, what it is called in the help
/// and the hint bar, and what it means in each mode come from the key tables (`KeyTable`).
public enum Action: String, Sendable, CaseIterable {
    case moveDown, moveUp, pageDown, pageUp, first, last
    case nextPane, previousPane, open, back, quit, quitHere
    case search, nextMatch, previousMatch
    case pickPerson, nextOfPerson, previousOfPerson
    case help, redraw
    /// In a prompt: delete the character before the cursor, or clear the text; complete the word.
    case deleteBackward, clearText, complete
    case setAsOf, filter, clearFilter, jumpToDate, compareSources
    case star, note, copyQuote, copyEvent
    /// In the source reader, with `n`/`N` given to its own search.
    case nextCited, previousCited, nextUncited, previousUncited
    /// Open the editor on what is selected; list the problems of the last save.
    case edit, showProblems

    /// The other half of a pair the hint bar names together ("j/k move").
    var partner: Action? {
        switch self {
        case .moveDown: .moveUp
        case .moveUp: .moveDown
        case .nextMatch: .previousMatch
        case .nextOfPerson: .previousOfPerson
        case .nextCited: .previousCited
        case .nextUncited: .previousUncited
        default: nil
        }
    }

    /// Whether the action works while the timeline is still loading (the screen shows a preview
    /// of the events read so far): moving about does; what needs every event, the measures or
    /// the checked quotes waits for the load to finish.
    public var worksWhileLoading: Bool {
        switch self {
        case .open, .search, .nextMatch, .previousMatch, .pickPerson, .nextOfPerson, .previousOfPerson,
             .setAsOf, .filter, .jumpToDate, .compareSources, .star, .note, .copyQuote, .copyEvent: false
        default: true
        }
    }
}
