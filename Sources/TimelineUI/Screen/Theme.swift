/// A colour a style can name: the terminal's own, or one of 256 (0–7 are the eight named ones).
public enum Colour: Sendable, Hashable {
    case terminalDefault
    case indexed(Int)

    /// The eight named colours, in their terminal order.
    public static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// "magenta", "default" or "208".
    public init?(name: String) {
        if name == "default" { self = .terminalDefault; return }
        if let i = Colour.names.firstIndex(of: name) { self = .indexed(i); return }
        guard let n = Int(name), (0...255).contains(n) else { return nil }
        self = .indexed(n)
    }

    public var name: String {
        switch self {
        case .terminalDefault: "default"
        case .indexed(let n): n < 8 ? Colour.names[n] : String(n)
        }
    }
}

/// How a style looks: a foreground and a background, and attributes.
public struct StyleSpec: Sendable, Hashable, CustomStringConvertible {
    public var foreground: Colour?
    public var background: Colour?
    public var bold = false, dim = false, underline = false, reverse = false

    static let attributeNames = ["bold", "dim", "underline", "reverse"]

    init(_ foreground: Colour? = nil, on background: Colour? = nil, bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }

    /// Reads "bold magenta", "black on yellow", "reverse underline", "208 on default": attributes
    /// and a foreground, then `on` and a background. Nil with the word it does not know.
    public static func parse(_ text: String) -> Result<StyleSpec, StyleSpecProblem> {
        var spec = StyleSpec()
        let words = text.lowercased().split(separator: " ").map(String.init)
        var i = 0
        while i < words.count {
            let word = words[i]
            switch word {
            case "bold": spec.bold = true
            case "dim": spec.dim = true
            case "underline": spec.underline = true
            case "reverse": spec.reverse = true
            case "normal": break
            case "on":
                guard i + 1 < words.count, let colour = Colour(name: words[i + 1]) else {
                    return .failure(StyleSpecProblem(word: i + 1 < words.count ? words[i + 1] : "on", text: text))
                }
                spec.background = colour
                i += 1
            default:
                guard let colour = Colour(name: word), spec.foreground == nil else { return .failure(StyleSpecProblem(word: word, text: text)) }
                spec.foreground = colour
            }
            i += 1
        }
        return .success(spec)
    }

    /// The spec in the words `parse` reads.
    public var description: String {
        var words: [String] = []
        for (on, name) in [(bold, "bold"), (dim, "dim"), (underline, "underline"), (reverse, "reverse")] where on { words.append(name) }
        if let foreground { words.append(foreground.name) }
        if let background { words += ["on", background.name] }
        return words.isEmpty ? "normal" : words.joined(separator: " ")
    }

    var hasAttributes: Bool { bold || dim || underline || reverse }

    /// The attributes alone.
    var withoutColours: StyleSpec { StyleSpec(bold: bold, dim: dim, underline: underline, reverse: reverse) }
}

/// A word in a style that is neither a colour nor an attribute.
public struct StyleSpecProblem: Error, Sendable {
    public let word: String
    public let text: String
}

/// How every style looks, with colours and without (with `NO_COLOR` set, or on a monochrome
/// terminal). The standard theme shows focus and selection by reverse video and bold, which
/// need no colour, and its colours read on dark and light backgrounds alike: magenta and red
/// text, never cyan, yellow or blue, or black on a background of its own.
public struct Theme: Sendable {
    public private(set) var colour: [Style: StyleSpec]
    public private(set) var monochrome: [Style: StyleSpec]

    public static let standard: Theme = {
        let mono: [Style: StyleSpec] = [
            .normal: StyleSpec(), .dim: StyleSpec(dim: true), .heading: StyleSpec(bold: true), .title: StyleSpec(bold: true),
            .border: StyleSpec(), .borderFocused: StyleSpec(bold: true), .focusTitle: StyleSpec(bold: true, reverse: true),
            .selection: StyleSpec(bold: true, reverse: true), .selectionInactive: StyleSpec(underline: true),
            .match: StyleSpec(underline: true, reverse: true), .background: StyleSpec(dim: true), .accent: StyleSpec(),
            .cited: StyleSpec(underline: true), .uncited: StyleSpec(dim: true), .current: StyleSpec(reverse: true), .bar: StyleSpec(reverse: true),
            .barKey: StyleSpec(bold: true, reverse: true), .error: StyleSpec(bold: true),
        ]
        var colour = mono
        let magenta = Colour.indexed(5)
        colour[.borderFocused] = StyleSpec(magenta, bold: true)
        colour[.accent] = StyleSpec(magenta)
        colour[.match] = StyleSpec(.indexed(0), on: .indexed(3))
        colour[.current] = StyleSpec(.indexed(0), on: .indexed(2))
        colour[.cited] = StyleSpec(magenta, underline: true)
        colour[.error] = StyleSpec(.indexed(1), bold: true)
        return Theme(colour: colour, monochrome: mono)
    }()

    /// How a style looks, with colours or without.
    public func spec(_ style: Style, colours: Bool) -> StyleSpec {
        (colours ? colour[style] : monochrome[style]) ?? StyleSpec()
    }

    /// The theme with one style set. Without colours the style keeps its attributes when it has
    /// any, else the standard look: "black on yellow" alone would leave nothing to see.
    public func setting(_ style: Style, to spec: StyleSpec) -> Theme {
        var next = self
        next.colour[style] = spec
        if spec.hasAttributes { next.monochrome[style] = spec.withoutColours }
        return next
    }
}

extension Style {
    /// The style's name in a configuration file: "bar-key" for `barKey`.
    public var configName: String { kebabCase(String(describing: self)) }

    /// The style a configuration names.
    public init?(configName: String) {
        guard let style = Style.allCases.first(where: { $0.configName == configName }) else { return nil }
        self = style
    }

    /// What the style marks, for the commented default configuration.
    public var purpose: String {
        switch self {
        case .normal: "plain text"
        case .dim: "secondary text: roles, sources, notes"
        case .heading: "names, titles and month headings"
        case .title: "pane titles"
        case .border: "pane borders"
        case .borderFocused: "the focused pane's border"
        case .focusTitle: "the focused pane's title"
        case .selection: "the selected row in the focused pane"
        case .selectionInactive: "the selected row elsewhere"
        case .match: "search matches"
        case .background: "background events"
        case .accent: "dates and statuses"
        case .cited: "cited passages in the source reader"
        case .uncited: "what no quote cites, in the source reader"
        case .current: "the passage the reader opened on"
        case .bar: "the hint bar"
        case .barKey: "keys in the hint bar"
        case .error: "the terminal-too-small message"
        }
    }
}

/// "barKey" → "bar-key": names in configuration files.
func kebabCase(_ name: String) -> String {
    var result = ""
    for character in name {
        if character.isUppercase {
            result += "-" + character.lowercased()
        } else {
            result.append(character)
        }
    }
    return result
}
