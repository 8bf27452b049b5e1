/// Where everything goes in one frame, worked out once per input by `AppState.settle()` from
/// the size, the view and the overlay. The reducer (paging, clicks) and the renderer both read
/// it, so no size is written twice.
public struct LayoutPlan: Sendable, Equatable {
    /// The part of the screen above the bar.
    public enum Body: Sendable, Equatable {
        /// Below the minimum: one message says so.
        case tooSmall
        /// The timeline on the left, the selected event's panes stacked on the right.
        case panes(PaneRects)
        /// One pane at a time under a tab strip; Tab switches.
        case tabs(strip: Rect, pane: Rect)
        /// A full-screen view: a person's involvement, a measure's history, the source reader.
        case full(Rect)
    }

    public var body: Body
    /// The hint bar, the last row; nil when the terminal is too small.
    public var bar: Rect?
    /// The overlay's box, when one is open and has a box (the search prompt lives in the bar).
    public var overlay: Rect?

    /// Below this nothing but the too-small message is drawn.
    public static let minimum = Size(width: 32, height: 8)
    /// From this size the panes sit side by side; below it they are tabs.
    public static let wideMinimum = Size(width: 80, height: 20)

    /// The plan for a terminal too small to lay anything out.
    static let tooSmall = LayoutPlan(body: .tooSmall, bar: nil, overlay: nil)

    /// Whether a size is too small for anything but the message.
    static func isTooSmall(_ size: Size) -> Bool { size.width < minimum.width || size.height < minimum.height }

    /// Whether a size is wide enough for panes side by side.
    static func isWide(_ size: Size) -> Bool { size.width >= wideMinimum.width && size.height >= wideMinimum.height }

    /// The body's area and the bar for a size that is not too small.
    static func frame(_ size: Size) -> (body: Rect, bar: Rect) {
        (Rect(x: 0, y: 0, width: size.width, height: size.height - 1), Rect(x: 0, y: size.height - 1, width: size.width, height: 1))
    }

    /// A box of at most `width`×`height` centred over the body (the help, the people picker).
    static func centred(width: Int, height: Int, in size: Size) -> Rect {
        let w = min(width, size.width - 2)
        let h = min(height, size.height - 2)
        return Rect(x: (size.width - w) / 2, y: max(0, (size.height - 1 - h) / 2), width: w, height: h)
    }
}

/// The five panes of the wide timeline layout; every one is always there, so no lookup can miss.
public struct PaneRects: Sendable, Equatable {
    public var timeline, event, people, measures, quotes: Rect

    public subscript(pane: Pane) -> Rect {
        switch pane {
        case .timeline: timeline
        case .event: event
        case .people: people
        case .measures: measures
        case .quotes: quotes
        }
    }
}

/// The panes of the timeline view, in Tab order.
public enum Pane: Int, Sendable, CaseIterable {
    case timeline, event, people, measures, quotes

    public var title: String {
        switch self {
        case .timeline: "Timeline"
        case .event: "Event"
        case .people: "People"
        case .measures: "Measures"
        case .quotes: "Quotes"
        }
    }

    /// The panes that list items of the selected event.
    static let lists: [Pane] = [.people, .measures, .quotes]
}
