import TimelineModel

public struct Size: Sendable, Hashable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = max(0, width); self.height = max(0, height) }
    public var description: String { "\(width)×\(height)" }
}

public struct Rect: Sendable, Hashable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
    /// The rect less `n` cells on every side.
    public func inset(_ n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }
}

/// What a cell means, not how it looks: the driver maps roles to colours (or to attributes
/// when colours are off), in one place.
public enum Style: UInt8, Sendable, CaseIterable {
    case normal
    case dim
    case heading
    case title
    case border
    case borderFocused
    /// The title of the focused pane: reverse video, so focus shows without colour.
    case focusTitle
    case selection
    case selectionInactive
    case match
    case background
    case accent
    case cited
    /// Source text no quote cites.
    case uncited
    case current
    case bar
    case barKey
    case error

    /// One letter per role, for snapshot tests that check styling.
    public var letter: Character {
        switch self {
        case .normal: "."
        case .dim: "d"
        case .heading: "h"
        case .title: "t"
        case .border: "b"
        case .borderFocused: "B"
        case .focusTitle: "F"
        case .selection: "S"
        case .selectionInactive: "s"
        case .match: "M"
        case .background: "g"
        case .accent: "a"
        case .cited: "c"
        case .uncited: "u"
        case .current: "C"
        case .bar: "-"
        case .barKey: "k"
        case .error: "E"
        }
    }
}

public struct Cell: Sendable, Hashable {
    /// One grapheme cluster; empty for the second half of a wide character.
    public var text: String
    public var width: UInt8
    public var style: Style

    public static let blank = Cell(text: " ", width: 1, style: .normal)
}

/// An in-memory screen: what a frame shows, cell by cell. Widgets draw here; the driver copies it
/// to ncurses, and tests read it as text.
public struct ScreenBuffer: Sendable {
    public let size: Size
    public private(set) var cells: [Cell]

    public init(size: Size) {
        self.size = size
        cells = Array(repeating: .blank, count: size.width * size.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * size.width + x]
    }

    /// Writes `text` (sanitised here, so no caller can forget) from (x, y), clipped to `limit`
    /// cells and the screen's edge. Returns the cells used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style, limit: Int = .max) -> Int {
        guard y >= 0, y < size.height, x < size.width else { return 0 }
        let end = min(size.width, limit == .max ? size.width : x + max(0, limit))
        var column = x
        var shown = TerminalText.sanitize(text)
        // Text cut short ends in an ellipsis, so the reader knows there is more.
        if TerminalText.displayWidth(shown) > end - x { shown = TerminalText.truncate(shown, to: end - x) }
        for character in shown {
            let w = TerminalText.displayWidth(character)
            if w == 0 { continue }  // a lone zero-width cluster has nowhere to sit
            if column + w > end {
                // A wide character that does not fit at the edge leaves a blank, never half a glyph.
                if column < end { setCell(x: column, y: y, Cell(text: " ", width: 1, style: style)) ; column += 1 }
                break
            }
            if column >= 0 {
                setCell(x: column, y: y, Cell(text: String(character), width: UInt8(w), style: style))
                if w == 2 { setCell(x: column + 1, y: y, Cell(text: "", width: 0, style: style)) }
            }
            column += w
        }
        return max(0, column - x)
    }

    /// Writes styled spans one after another; returns the cells used.
    @discardableResult
    public mutating func put(_ line: Line, x: Int, y: Int, limit: Int) -> Int {
        var used = 0
        for (i, span) in line.enumerated() {
            if used >= limit {
                // Later spans did not fit: mark the cut in the last cell.
                if used > 0, line[i...].contains(where: { !$0.text.isEmpty }), x + used - 1 < size.width {
                    put("…", x: x + used - 1, y: y, style: line[i - 1].style)
                }
                break
            }
            used += put(span.text, x: x + used, y: y, style: span.style, limit: limit - used)
        }
        return used
    }

    private mutating func setCell(x: Int, y: Int, _ cell: Cell) {
        guard x >= 0, x < size.width, y >= 0, y < size.height else { return }
        let i = y * size.width + x
        // Overwriting half of a wide character blanks its other half.
        if cells[i].width == 2, x + 1 < size.width, cell.width != 2 { cells[i + 1] = Cell(text: " ", width: 1, style: cells[i + 1].style) }
        if cells[i].width == 0, x > 0 { cells[i - 1] = Cell(text: " ", width: 1, style: cells[i - 1].style) }
        cells[i] = cell
    }

    public mutating func fill(_ rect: Rect, style: Style) {
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) { setCell(x: x, y: y, Cell(text: " ", width: 1, style: style)) }
        }
    }

    /// Changes the style of cells in a row without touching their text.
    public mutating func restyle(x: Int, y: Int, width: Int, style: Style) {
        guard y >= 0, y < size.height else { return }
        for column in max(0, x)..<min(size.width, x + width) { cells[y * size.width + column].style = style }
    }

    /// A box's border.
    public mutating func box(_ rect: Rect, style: Style) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let horizontal = String(repeating: "─", count: rect.width - 2)
        put("┌" + horizontal + "┐", x: rect.x, y: rect.y, style: style)
        put("└" + horizontal + "┘", x: rect.x, y: rect.maxY - 1, style: style)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            put("│", x: rect.x, y: y, style: style)
            put("│", x: rect.maxX - 1, y: y, style: style)
        }
    }

    /// Cells a row takes on a terminal; a well-formed frame has every row exactly as wide as the screen.
    public func width(ofRow y: Int) -> Int {
        cells[(y * size.width)..<((y + 1) * size.width)].reduce(0) { $0 + Int($1.width) }
    }

    /// The screen as text, one string per row, trailing spaces kept so widths can be checked.
    public var lines: [String] {
        (0..<size.height).map { y in
            var row = ""
            for x in 0..<size.width { row += self[x, y].text }
            return row
        }
    }

    /// The style letter of every cell, one string per row, for styling assertions.
    public var styleLines: [String] {
        (0..<size.height).map { y in String((0..<size.width).map { self[$0, y].style.letter }) }
    }

    /// The screen as the golden snapshot files store it: the text, then the style map (one
    /// letter per cell, `Style.letter`), each row without its trailing blanks.
    public var snapshot: String {
        lines.map { Self.trimmed($0, " ") }.joined(separator: "\n") + "\n── styles ──\n"
            + styleLines.map { Self.trimmed($0, Style.normal.letter) }.joined(separator: "\n") + "\n"
    }

    static func trimmed(_ s: String, _ blank: Character) -> String {
        var s = s
        while s.last == blank { s.removeLast() }
        return s
    }
}

public struct Span: Sendable, Hashable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .normal) { self.text = text; self.style = style }
}

public typealias Line = [Span]
