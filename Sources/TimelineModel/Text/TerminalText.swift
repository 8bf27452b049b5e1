// The one place that decides what text from a dataset may reach a terminal and how wide it is.
// Every output path (plain printers, JSON writer, the TUI's screen buffer) goes through here.

/// Text from data made safe for a terminal, and measured in terminal cells.
public enum TerminalText {
    /// Scalars that must never reach a terminal raw: C0 and C1 controls, DEL, and the bidi
    /// controls that reorder what follows them (U+202A–U+202E, U+2066–U+2069, marks U+200E/F,
    /// U+061C) plus the line and paragraph separators some terminals act on.
    @inlinable
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v <= 0x9F) { return true }
        if v < 0x61C { return false }
        return v == 0x61C || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v) || v == 0x2028 || v == 0x2029
    }

    /// Replaces every unsafe scalar with a visible, inert stand-in: C0 controls in caret
    /// notation (`ESC` becomes `^[`, as `cat -v` and less show it), C1 controls and bidi
    /// controls as `<U+202E>`, a tab as one space. With `multiline`, `\n` is kept (and a
    /// `\r` right before it dropped) so that source texts keep their paragraphs.
    public static func sanitize(_ text: String, multiline: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            guard isUnsafe(scalar) else { out.append(scalar); continue }
            let v = scalar.value
            switch v {
            case 0x0A where multiline:
                out.append(scalar)
            case 0x0D where multiline && i + 1 < scalars.count && scalars[i + 1] == "\n":
                continue
            case 0x09:
                out.append(" ")
            case 0x00..<0x20:
                out.append("^")
                out.append(Unicode.Scalar(UInt8(v) ^ 0x40))
            case 0x7F:
                out.append(contentsOf: "^?".unicodeScalars)
            default:
                out.append(contentsOf: codePointLabel(scalar).unicodeScalars)
            }
        }
        return String(out)
    }

    static func codePointLabel(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// Width in terminal cells of text that has been sanitised: East Asian wide and
    /// fullwidth characters and emoji take two cells, combining marks and other zero-width
    /// scalars none. Measured per grapheme cluster, so a base with its marks counts once.
    public static func displayWidth(_ text: String) -> Int {
        // Printable ASCII, the common case, is one cell a byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var width = 0
        for character in text { width += displayWidth(character) }
        return width
    }

    /// The cells one character takes on a terminal: 0, 1 or 2.
    public static func displayWidth(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x300 { return first.value < 0x20 || first.value == 0x7F ? 0 : 1 }
        // Punctuation, arrows and box drawing (what the screen's frames are made of) hold no
        // emoji-presentation or zero-width scalar but those the wide table lists: skip the
        // Unicode property look-ups, which are slow.
        if scalars.count == 1, (0x2010...0x205F).contains(first.value) || (0x2070...0x25FC).contains(first.value) {
            return isWide(first) ? 2 : 1
        }
        if isWide(first) { return 2 }
        for scalar in scalars where scalar.properties.isEmojiPresentation { return 2 }
        if isZeroWidth(first) { return 0 }
        return 1
    }

    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return (0x1160...0x11FF).contains(scalar.value)
        }
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges, from Unicode's EastAsianWidth.txt,
    /// merged where adjacent. Emoji are handled by the Emoji_Presentation property instead.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
        0x23F3...0x23F3, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
        0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF,
        0x1AFF0...0x1B2FF, 0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        guard v >= 0x1100 else { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if v < range.lowerBound { high = mid - 1 } else if v > range.upperBound { low = mid + 1 } else { return true }
        }
        return false
    }

    /// The longest prefix of `text` that fits in `width` cells, and the cells it takes.
    public static func prefix(_ text: String, fitting width: Int) -> (text: Substring, width: Int) {
        var used = 0
        var end = text.startIndex
        for character in text {
            let w = displayWidth(character)
            if used + w > width { break }
            used += w
            end = text.index(after: end)
        }
        return (text[..<end], used)
    }

    /// `text` cut to `width` cells with an ellipsis when it does not fit.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if displayWidth(text) <= width { return text }
        let (head, _) = prefix(text, fitting: width - 1)
        return head + "…"
    }

    /// `text` padded with spaces (or truncated) to exactly `width` cells.
    public static func pad(_ text: String, to width: Int) -> String {
        let fitted = truncate(text, to: width)
        return fitted + String(repeating: " ", count: max(0, width - displayWidth(fitted)))
    }

    /// Word-wraps `text` to lines of at most `width` cells; words longer than a line are split,
    /// and existing newlines start new lines.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        let characters = Array(text)
        // A character wider than the whole line is the only way a line can overflow: cut it.
        return wrapRanges(characters, width: width).map { truncate(String(characters[$0]), to: width) }
    }

    /// The greedy word wrap behind `wrap`, as ranges of character indexes, so that a caller can
    /// keep track of where each line came from (the source reader maps them to quote offsets).
    /// The space or newline a line breaks at belongs to no line.
    public static func wrapRanges(_ characters: [Character], width: Int) -> [Range<Int>] {
        guard width > 0 else { return [] }
        var lines: [Range<Int>] = []
        var lineStart = 0
        var lineWidth = 0
        var lastSpace: Int?
        var i = 0
        while i < characters.count {
            let character = characters[i]
            if character == "\n" {
                lines.append(lineStart..<i)
                lineStart = i + 1; lineWidth = 0; lastSpace = nil; i += 1
                continue
            }
            let w = displayWidth(character)
            if lineWidth > 0 && lineWidth + w > width {
                if character == " " {
                    lines.append(lineStart..<i)
                    lineStart = i + 1; lineWidth = 0; lastSpace = nil; i += 1
                    continue
                }
                if let space = lastSpace {
                    lines.append(lineStart..<space)
                    lineStart = space + 1
                    lineWidth = characters[lineStart..<i].reduce(0) { $0 + displayWidth($1) }
                    lastSpace = nil
                    continue
                }
                lines.append(lineStart..<i)
                lineStart = i; lineWidth = 0
                continue
            }
            if character == " " { lastSpace = i }
            lineWidth += w
            i += 1
        }
        lines.append(lineStart..<characters.count)
        return lines
    }
}
