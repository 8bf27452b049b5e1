import TimelineModel

/// What Enter on an item opens.
public enum ItemTarget: Sendable, Hashable {
    case person(Int)
    case measure(Int)
    /// A passage by its place among its source's citations, in the source's reader.
    case citation(source: Int, index: Int)
    /// A quote, in its source's reader at its passage: which of the source's citations that is
    /// is worked out when it is opened, since on a store it takes reading them all.
    case passage(Quote, use: QuoteUse?)
    case event(Int)
    /// The event's sources side by side.
    case compare(event: Int)
    /// A problem of the last save, by its place in the list; `.problems` opens the list.
    case problem(Int)
    case problems
}

/// One entry of a list: its lines, already wrapped to the list's width.
public struct ListItem: Sendable {
    public var lines: [Line]
    public var target: ItemTarget?
    public var selectable: Bool { target != nil }
}

/// A cursor over the selectable items of a list and the first line shown.
public struct ListPosition: Sendable, Hashable {
    public var cursor = 0
    public var scroll = 0
    public init(cursor: Int = 0, scroll: Int = 0) { self.cursor = cursor; self.scroll = scroll }
}

/// Geometry of a list: which lines each item takes, and keeping the cursor in view. A list is
/// its `fixed` items, laid out in full, then `rowCount` rows, every one selectable and laid out
/// only when needed (`row`): a person in a million events may be in thousands, and a key must
/// cost only the rows on screen. Rows are `rowHeight` lines each, or as `rowStarts` says when
/// their heights differ.
struct ListGeometry {
    let fixed: [ListItem]
    let rowCount: Int
    let row: (Int) -> ListItem
    private let rowHeight: Int
    /// The first line of each row (relative to the first row) and, last, the rows' total.
    private let rowStarts: [Int]?
    private let fixedStarts: [Int]
    private let fixedLines: Int
    /// The fixed items that can be selected, in order; the rows come after them.
    private let fixedSelectable: [Int]

    init(_ items: [ListItem]) {
        self.init(fixed: items, rowCount: 0, rowHeight: 0) { _ in ListItem(lines: [], target: nil) }
    }

    init(fixed: [ListItem], rowCount: Int, rowHeight: Int, rowStarts: [Int]? = nil, row: @escaping (Int) -> ListItem) {
        self.fixed = fixed
        self.rowCount = rowCount
        self.rowHeight = rowHeight
        self.rowStarts = rowStarts
        self.row = row
        var starts: [Int] = []
        var line = 0
        for item in fixed {
            starts.append(line)
            line += item.lines.count
        }
        fixedStarts = starts
        fixedLines = line
        fixedSelectable = fixed.indices.filter { fixed[$0].selectable }
    }

    var count: Int { fixed.count + rowCount }
    private var rowLines: Int { rowStarts?.last ?? rowCount * rowHeight }
    var lineCount: Int { fixedLines + rowLines }
    var selectableCount: Int { fixedSelectable.count + rowCount }
    /// The cursor on the first item that jumps to an event (a history's first change, an
    /// involvement's first event), or 0 when there is none.
    var firstEventCursor: Int {
        let inHead = fixedSelectable.firstIndex { if case .event = fixed[$0].target { true } else { false } }
        return inHead ?? (rowCount > 0 ? fixedSelectable.count : 0)
    }

    func item(_ index: Int) -> ListItem { index < fixed.count ? fixed[index] : row(index - fixed.count) }
    private func rowStart(_ r: Int) -> Int { rowStarts?[r] ?? r * rowHeight }
    func start(_ index: Int) -> Int { index < fixed.count ? fixedStarts[index] : fixedLines + rowStart(index - fixed.count) }
    func height(_ index: Int) -> Int {
        index < fixed.count ? fixed[index].lines.count : rowStart(index - fixed.count + 1) - rowStart(index - fixed.count)
    }

    /// The item a cursor (an index among selectable items) is on.
    func itemIndex(ofCursor cursor: Int) -> Int {
        cursor < fixedSelectable.count ? fixedSelectable[cursor] : fixed.count + cursor - fixedSelectable.count
    }

    /// The cursor on a row (rows are all selectable).
    func cursor(ofRow r: Int) -> Int { fixedSelectable.count + r }

    /// The cursor clamped, and a scroll that shows it.
    func settle(_ position: ListPosition, height: Int) -> ListPosition {
        var result = position
        result.cursor = selectableCount == 0 ? 0 : min(max(0, position.cursor), selectableCount - 1)
        let maxScroll = max(0, lineCount - height)
        result.scroll = min(max(0, position.scroll), maxScroll)
        guard selectableCount > 0, height > 0 else { return result }
        let item = itemIndex(ofCursor: result.cursor)
        let top = start(item)
        let bottom = top + self.height(item)
        if bottom > result.scroll + height { result.scroll = min(top, bottom - height) }
        if top < result.scroll { result.scroll = top }
        // The first item's header lines come into view when the cursor is at the top.
        if result.cursor == 0 && bottom <= height { result.scroll = 0 }
        return result
    }

    func selectedItem(_ position: ListPosition) -> ListItem? {
        guard position.cursor >= 0, position.cursor < selectableCount else { return nil }
        return item(itemIndex(ofCursor: position.cursor))
    }

    /// The item a line of the list belongs to.
    func itemIndex(atLine line: Int) -> Int? {
        guard line >= 0, line < lineCount else { return nil }
        if line >= fixedLines {
            let offset = line - fixedLines
            guard let rowStarts else { return fixed.count + offset / rowHeight }
            // The last row starting at or before the line.
            var low = 0, high = rowCount - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if rowStarts[mid] <= offset { low = mid } else { high = mid - 1 }
            }
            return fixed.count + low
        }
        return fixedStarts.lastIndex { $0 <= line }
    }

    /// The selectable item under a line of the list, as a cursor value.
    func cursor(atLine line: Int) -> Int? {
        guard let index = itemIndex(atLine: line) else { return nil }
        if index >= fixed.count { return fixedSelectable.count + index - fixed.count }
        return fixedSelectable.firstIndex(of: index)
    }

    /// A page moves the cursor by items, roughly a third of the lines.
    static func step(_ delta: Int) -> Int {
        delta.magnitude > 1 ? delta.signum() * max(1, Int(clamping: delta.magnitude) / 3) : delta
    }
}

/// Where a text scrolled by lines goes for an action (the reader, the help, the sources side by
/// side): a line, a page, the top or the bottom (clamped by the view's settle); nil for an
/// action that does not scroll.
func scrolled(_ scroll: Int, by action: Action, page: Int) -> Int? {
    switch action {
    case .moveDown: scroll.saturatingAdd(1)
    case .moveUp: scroll - 1
    case .pageDown: scroll.saturatingAdd(page)
    case .pageUp: scroll - page
    case .first: 0
    case .last: Int.max / 2
    default: nil
    }
}

/// Where the wheel takes a scrolled text: three lines a turn.
func wheeled(_ scroll: Int, _ button: MouseButton) -> Int {
    switch button {
    case .wheelUp: max(0, scroll - 3)
    case .wheelDown: scroll.saturatingAdd(3)
    case .left: scroll
    }
}

extension ScreenBuffer {
    /// Draws the items of a list that are on screen into `rect`, the cursor's item highlighted
    /// when `showCursor`, and says in the border `frame` (when given) how much is out of view.
    mutating func drawList(_ geometry: ListGeometry, position: ListPosition, rect: Rect, focused: Bool, showCursor: Bool = true, frame: Rect? = nil) {
        let settled = geometry.settle(position, height: rect.height)
        let selectedItem = settled.cursor < geometry.selectableCount ? geometry.itemIndex(ofCursor: settled.cursor) : nil
        // Only the items on screen are laid out (a list's rows are built when asked for).
        var index = geometry.itemIndex(atLine: settled.scroll) ?? geometry.count
        while index < geometry.count, geometry.start(index) < settled.scroll + rect.height {
            for (offset, itemLine) in geometry.item(index).lines.enumerated() {
                let y = rect.y + geometry.start(index) + offset - settled.scroll
                guard y >= rect.y, y < rect.maxY else { continue }
                put(itemLine, x: rect.x, y: y, limit: rect.width)
                if showCursor, index == selectedItem { markSelected(x: rect.x, y: y, width: rect.width, focused: focused) }
            }
            index += 1
        }
        if let frame {
            drawScrollMarks(frame, above: settled.scroll, below: geometry.lineCount - settled.scroll - rect.height, focused: focused)
        }
    }

    /// Lines drawn from `scroll` on into `rect`, with the out-of-view marks in `frame`'s border.
    mutating func drawLines(_ lines: [Line], scroll: Int, rect: Rect, frame: Rect?, focused: Bool) {
        let top = min(scroll, max(0, lines.count - rect.height))
        for (i, line) in lines.dropFirst(top).prefix(rect.height).enumerated() {
            put(line, x: rect.x, y: rect.y + i, limit: rect.width)
        }
        if let frame { drawScrollMarks(frame, above: top, below: lines.count - top - rect.height, focused: focused) }
    }

    /// Marks a selected row without hiding search matches in it.
    mutating func markSelected(x: Int, y: Int, width: Int, focused: Bool) {
        let style: Style = focused ? .selection : .selectionInactive
        guard y >= 0, y < size.height else { return }
        for column in max(0, x)..<min(size.width, x + width) where self[column, y].style != .match {
            restyle(x: column, y: y, width: 1, style: style)
        }
    }

    /// "↑ 3 more" and "↓ 12 more" in a box's bottom border, so a pane that cannot show
    /// everything says so (in text, which reads without colour too).
    mutating func drawScrollMarks(_ frame: Rect, above: Int, below: Int, focused: Bool) {
        guard frame.height >= 2 else { return }
        var marks: [String] = []
        if above > 0 { marks.append("↑ \(above)") }
        if below > 0 { marks.append("↓ \(below) more") }
        guard !marks.isEmpty else { return }
        let text = " " + marks.joined(separator: " · ") + " "
        let width = TerminalText.displayWidth(text)
        guard width + 4 <= frame.width else {
            if frame.width >= 3 { put(below > 0 ? "↓" : "↑", x: frame.maxX - 2, y: frame.maxY - 1, style: focused ? .borderFocused : .title) }
            return
        }
        put(text, x: frame.maxX - 2 - width, y: frame.maxY - 1, style: focused ? .borderFocused : .title)
    }
}
