import TimelineModel

/// The keys, from the key tables: those of the view it was opened over first, then every other
/// mode's, so the whole map is one scroll away.
struct HelpOverlay: Overlay {
    var mode: Mode { .help }
    /// The mode whose keys come first.
    let over: Mode
    private(set) var scroll = 0

    init(over: Mode) { self.over = over }

    static let width = 78

    func frame(_ app: AppState) -> Rect? {
        LayoutPlan.centred(width: HelpOverlay.width, height: HelpOverlay.lines(app.keymap, over: over, width: HelpOverlay.width - 2, mouse: app.mouseEnabled).count + 2, in: app.size)
    }

    /// The help text: each table's rows, its key labels beside its help lines.
    static func lines(_ keymap: Keymap, over: Mode, width: Int, mouse: Bool) -> [Line] {
        // The keys take at most a third of a narrow box, so the help beside them stays readable.
        let keyWidth = min(20, max(8, width / 3))
        var lines: [Line] = []
        let others = Mode.allCases.filter { $0 != over && $0 != .help && $0 != .loading }
        for (n, mode) in ([over] + others).enumerated() {
            let table = keymap.table(mode)
            if n > 0 { lines.append([]) }
            lines.append([Span(n == 0 ? mode.title : "Elsewhere · " + mode.title, .title)])
            if let typing = table.typing { lines += TerminalText.wrap(typing, width: width).map { [Span($0, .dim)] } }
            for binding in table.bindings {
                let helpLines = TerminalText.wrap(binding.help, width: max(10, width - keyWidth - 1))
                // The keys wrap at their slashes rather than being cut: each is worth knowing.
                var keyLines: [String] = []
                for label in binding.keys.map(\.label) {
                    if let last = keyLines.last, TerminalText.displayWidth(last + "/" + label) <= keyWidth {
                        keyLines[keyLines.count - 1] = last + "/" + label
                    } else {
                        keyLines.append(TerminalText.truncate(label, to: keyWidth))
                    }
                }
                for i in 0..<max(helpLines.count, keyLines.count) {
                    let keys = i < keyLines.count ? keyLines[i] : ""
                    let text = i < helpLines.count ? helpLines[i] : ""
                    lines.append([Span(TerminalText.pad(keys, to: keyWidth), .barKey), Span(" " + text)])
                }
            }
        }
        lines.append([])
        let mouseText = mouse ? "Mouse: a click selects and focuses, the wheel scrolls (tl --no-mouse turns it off)." : "Mouse: off (--no-mouse)."
        lines += TerminalText.wrap(mouseText, width: width).map { [Span($0, .dim)] }
        return lines
    }

    func visibleHeight(_ app: AppState) -> Int { max(0, (app.plan.overlay?.height ?? 2) - 2) }

    mutating func perform(_ action: Action, _ app: inout AppState) -> Outcome {
        if action == .back { return .close }
        scroll = scrolled(scroll, by: action, page: max(1, visibleHeight(app) - 1)) ?? scroll
        return .done
    }

    mutating func settle(_ app: AppState) {
        guard let rect = app.plan.overlay?.inset(1) else { return }
        let count = HelpOverlay.lines(app.keymap, over: over, width: max(1, rect.width), mouse: app.mouseEnabled).count
        scroll = min(max(0, scroll), max(0, count - rect.height))
    }

    func draw(_ buffer: inout ScreenBuffer, _ app: AppState) {
        guard let rect = app.plan.overlay else { return }
        buffer.fill(rect, style: .normal)
        buffer.pane(rect, title: "Keys · \(over.title)", focused: true)
        let inner = rect.inset(1)
        guard !inner.isEmpty else { return }
        buffer.drawLines(HelpOverlay.lines(app.keymap, over: over, width: inner.width, mouse: app.mouseEnabled), scroll: scroll, rect: inner, frame: rect, focused: true)
    }

    func bar(_ app: AppState) -> (lead: Line, status: String) { ([], "") }
}
