import TimelineModel

/// What an action in a view or an overlay did, for the reducer to carry out: the view and the
/// overlay may change the shared state, but moving between views is the reducer's alone.
enum Outcome: Sendable, Equatable {
    /// Done; stay where we are.
    case done
    /// Close the overlay.
    case close
    /// Open a person, a measure, a passage or an event (pushing the current view on the back stack).
    case open(ItemTarget)
}

/// One full-screen view behind one protocol (tig's `view_ops`): the timeline with its panes, a
/// person's involvement, a measure's history, the source reader. Each is a value holding its
/// own cursor, scroll and laid-out content; `AppState` holds what they share. Adding a view is a
/// new type here, a `Mode` with its key table, and an `ItemTarget` that opens it.
protocol BrowserView: Sendable {
    /// Whose key table the view reads.
    var mode: Mode { get }
    /// Lays out the content the plan depends on (memoised per width and search).
    mutating func prepare(_ app: AppState)
    /// How the view divides the screen above the bar.
    func body(_ area: Rect, _ app: AppState) -> LayoutPlan.Body
    /// Clamps cursors and scrolls to `app.plan`.
    mutating func settle(_ app: AppState)
    /// Carries out an action of the view's table (the reducer handles help, back, quit, the
    /// people picker and redraw for every view).
    mutating func perform(_ action: Action, _ app: inout AppState) -> Outcome
    /// A click or a turn of the wheel at a cell.
    mutating func click(_ button: MouseButton, x: Int, y: Int, _ app: inout AppState)
    /// Draws the body into the plan's rectangles.
    func draw(_ buffer: inout ScreenBuffer, _ app: AppState)
    /// Whether an action with a hint belongs in the bar now (`n/N` only with a search, …).
    func offers(_ action: Action, _ app: AppState) -> Bool
    /// The bar's right side: where the user is.
    func status(_ app: AppState) -> String
    /// Back on screen after Esc; `reached` is the event that was selected above it.
    mutating func returned(reached: Int, _ app: AppState)
    /// What `e` edits here: by default the selected event.
    func editRequest(_ app: AppState) -> EditRequest?
}

extension BrowserView {
    mutating func prepare(_ app: AppState) {}
    func offers(_ action: Action, _ app: AppState) -> Bool { true }
    mutating func returned(reached: Int, _ app: AppState) {}
    func editRequest(_ app: AppState) -> EditRequest? { app.selectedEvent.map { EditRequest(.timeline, at: .object($0.id)) } }
}

/// Something drawn over the view that takes the keyboard: the help, the people picker, the
/// search prompt.
protocol Overlay: Sendable {
    /// Whose key table the overlay reads.
    var mode: Mode { get }
    /// Its box, or nil for one that lives in the bar.
    func frame(_ app: AppState) -> Rect?
    /// Carries out an action of the overlay's table.
    mutating func perform(_ action: Action, _ app: inout AppState) -> Outcome
    /// A printable key its table does not bind (prompts type it; others ignore it).
    mutating func type(_ character: Character, _ app: inout AppState)
    /// Clamps its cursor and scroll to `app.plan`.
    mutating func settle(_ app: AppState)
    /// Draws its box, if it has one.
    func draw(_ buffer: inout ScreenBuffer, _ app: AppState)
    /// What the bar starts with (a prompt's text) and its right side.
    func bar(_ app: AppState) -> (lead: Line, status: String)
}

extension Overlay {
    mutating func type(_ character: Character, _ app: inout AppState) {}
}
