import TimelineModel

/// One entry of the hint bar, taken from a key table row.
struct Hint: Sendable, Equatable {
    let keys: String
    let label: String
    let essential: Bool

    init(_ binding: Binding, in table: KeyTable) {
        keys = table.hintKeys(binding)
        label = binding.hint ?? ""
        essential = binding.essential
    }

    /// " j/k move": the cells it takes.
    var width: Int { TerminalText.displayWidth(keys) + TerminalText.displayWidth(label) + 2 }
}

extension ScreenBuffer {
    /// The hint bar: `lead` (a prompt's text) first, then the hints and `status` (right-aligned).
    /// What gives way when the bar is short: first the hints that are not essential, then the
    /// status (shortened, to at most two thirds of the bar), never the essential hints (back,
    /// quit, help; a prompt's keep and cancel). Hints keep the table's order.
    mutating func drawHintBar(_ rect: Rect, hints: [Hint], status: String, lead: Line = []) {
        fill(rect, style: .bar)
        var x = rect.x + put(lead, x: rect.x, y: rect.y, limit: rect.width)
        var room = rect.maxX - x - 1
        var chosen = Set<Int>()
        for (i, hint) in hints.enumerated() where hint.essential && hint.width <= room {
            chosen.insert(i)
            room -= hint.width
        }
        let statusWidth = status.isEmpty ? 0 : min(TerminalText.displayWidth(status) + 1, max(0, room), max(5, rect.width * 2 / 3))
        room -= statusWidth
        for (i, hint) in hints.enumerated() where !hint.essential && hint.width <= room {
            chosen.insert(i)
            room -= hint.width
        }
        for (i, hint) in hints.enumerated() where chosen.contains(i) {
            x += put(" " + hint.keys + " ", x: x, y: rect.y, style: .barKey)
            x += put(hint.label, x: x, y: rect.y, style: .bar)
        }
        guard statusWidth >= 5 else { return }
        let shown = TerminalText.truncate(status, to: min(statusWidth - 1, rect.maxX - x - 2))
        put(shown, x: rect.maxX - 1 - TerminalText.displayWidth(shown), y: rect.y, style: .bar)
    }

    /// A message in the bar in place of the other hints; the essential ones stay at its end.
    mutating func drawMessage(_ rect: Rect, _ text: String, essentials: [Hint]) {
        fill(rect, style: .bar)
        var kept: [Hint] = []
        var width = 0
        for hint in essentials where width + hint.width <= rect.width / 2 {
            kept.append(hint)
            width += hint.width
        }
        put(" " + text, x: rect.x, y: rect.y, style: .bar, limit: rect.width - width - 1)
        var x = rect.maxX - width - 1
        for hint in kept {
            x += put(" " + hint.keys + " ", x: x, y: rect.y, style: .barKey)
            x += put(hint.label, x: x, y: rect.y, style: .bar)
        }
    }

    /// Says the terminal is too small and what is needed, in as many words as fit: the whole
    /// sentence, wrapped over the rows there are, or shorter forms down to "31×8<32×8".
    mutating func drawTooSmall(need: Size) {
        guard size.height > 0, size.width > 0 else { return }
        let forms = [
            "Terminal too small: \(size) — tl needs at least \(need). Enlarge it or press q.",
            "Too small: \(size), needs \(need) · q quits",
            "Too small: needs \(need)",
            "Needs \(need)",
            "\(size)<\(need)",
        ]
        for form in forms {
            let lines = TerminalText.wrap(form, width: size.width)
            guard lines.count <= size.height, lines.allSatisfy({ TerminalText.displayWidth($0) <= size.width }) else { continue }
            let top = (size.height - lines.count) / 2
            for (i, line) in lines.enumerated() {
                put(line, x: (size.width - TerminalText.displayWidth(line)) / 2, y: top + i, style: .error)
            }
            return
        }
        put(TerminalText.truncate(forms[forms.count - 1], to: size.width), x: 0, y: size.height / 2, style: .error)
    }

    /// A box with a title in its top border; a focused box has its title in reverse video, which
    /// shows without colour too.
    mutating func pane(_ rect: Rect, title: String, focused: Bool) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        box(rect, style: focused ? .borderFocused : .border)
        if rect.width > 6, !title.isEmpty {
            put(" " + title + " ", x: rect.x + 2, y: rect.y, style: focused ? .focusTitle : .title, limit: rect.width - 4)
        }
    }
}
