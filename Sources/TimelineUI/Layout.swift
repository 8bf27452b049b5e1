/// Where everything goes for a given screen size. Pure: the same state always lays out the same.
public enum ScreenLayout: Sendable, Hashable {
    /// Below the minimum: one centred line says so.
    case tooSmall
    /// Timeline on the left, the selected event's panes stacked on the right.
    case wide(panes: [Pane: Rect], bar: Rect)
    /// One pane at a time under a tab strip; Tab switches.
    case narrow(tabs: Rect, pane: Rect, bar: Rect)
    /// A full-screen view (involvement, measure history, source reader).
    case full(body: Rect, bar: Rect)

    public static let minimum = Size(width: 32, height: 8)
    public static let wideMinimum = Size(width: 80, height: 20)

    public var bar: Rect? {
        switch self {
        case .tooSmall: nil
        case .wide(_, let bar), .narrow(_, _, let bar), .full(_, let bar): bar
        }
    }

    /// The rect of a browse pane, if it is on screen.
    public func rect(of pane: Pane, focus: Pane) -> Rect? {
        switch self {
        case .wide(let panes, _): panes[pane]
        case .narrow(_, let rect, _): pane == focus ? rect : nil
        default: nil
        }
    }
}

extension AppState {
    /// The timeline column of the wide layout.
    static func timelineWidth(_ width: Int) -> Int { min(56, max(34, width * 2 / 5)) }

    /// The width the detail panes' text is laid out in.
    var detailWidth: Int {
        size.width >= ScreenLayout.wideMinimum.width && size.height >= ScreenLayout.wideMinimum.height
            ? size.width - AppState.timelineWidth(size.width) - 2 : max(1, size.width - 2)
    }

    /// Where everything goes now; `layout` holds the result between inputs.
    func computeLayout() -> ScreenLayout {
        let w = size.width, h = size.height
        guard w >= ScreenLayout.minimum.width, h >= ScreenLayout.minimum.height else { return .tooSmall }
        let bar = Rect(x: 0, y: h - 1, width: w, height: 1)
        guard view == .browse else { return .full(body: Rect(x: 0, y: 0, width: w, height: h - 1), bar: bar) }
        guard w >= ScreenLayout.wideMinimum.width, h >= ScreenLayout.wideMinimum.height else {
            return .narrow(tabs: Rect(x: 0, y: 0, width: w, height: 1), pane: Rect(x: 0, y: 1, width: w, height: h - 2), bar: bar)
        }
        let bodyHeight = h - 1
        let left = AppState.timelineWidth(w)
        let right = w - left
        let inner = right - 2
        // Each detail pane asks for what its text needs; when they do not all fit, each gets at
        // most a share of the height and the quotes pane takes what is left.
        func need(_ pane: Pane) -> Int {
            let lines = pane == .event ? eventLines(width: inner).count : items(for: pane, width: inner).reduce(0) { $0 + $1.lines.count }
            return max(3, lines + 2)
        }
        let needs = (event: need(.event), people: need(.people), measures: need(.measures), quotes: need(.quotes))
        let fitsAll = needs.event + needs.people + needs.measures + needs.quotes <= bodyHeight
        let eventHeight = fitsAll ? needs.event : min(needs.event, bodyHeight * 2 / 5)
        let people = fitsAll ? needs.people : min(needs.people, (bodyHeight - eventHeight) / 3)
        let measures = fitsAll ? needs.measures : min(needs.measures, (bodyHeight - eventHeight - people) / 2)
        let rest = bodyHeight - eventHeight - people - measures
        var y = 0
        var panes: [Pane: Rect] = [.timeline: Rect(x: 0, y: 0, width: left, height: bodyHeight)]
        for (pane, height) in [(Pane.event, eventHeight), (.people, people), (.measures, measures), (.quotes, rest)] {
            panes[pane] = Rect(x: left, y: y, width: right, height: height)
            y += height
        }
        return .wide(panes: panes, bar: bar)
    }
}
