import TimelineModel

/// What the screen shows while a large timeline loads: its name, a bar with counts, and the
/// one key that works (quit). Pure, like the browser's frames.
public struct LoadingScreen: Sendable {
    public var name: String
    public var progress: LoadProgress?
    public var size: Size
    /// Whose loading table gives the hints.
    public var keymap: Keymap

    public init(name: String, progress: LoadProgress?, size: Size, keymap: Keymap = .standard) {
        self.name = name
        self.progress = progress
        self.size = size
        self.keymap = keymap
    }

    public func render() -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        guard size.width > 0, size.height > 0 else { return buffer }
        let width = min(60, size.width - 4)
        let x = max(0, (size.width - max(width, 1)) / 2)
        let top = max(0, size.height / 2 - 2)
        buffer.put("Loading " + name, x: x, y: top, style: .title, limit: size.width - x)
        let done = progress?.fraction ?? 0
        let percent = " \(Int((done * 100).rounded(.down)))%"
        let barWidth = width - TerminalText.displayWidth(percent)
        if barWidth >= 4 {
            let filled = Int((Double(barWidth) * done).rounded(.down))
            buffer.put(String(repeating: "█", count: filled), x: x, y: top + 1, style: .accent)
            buffer.put(String(repeating: "░", count: barWidth - filled), x: x + filled, y: top + 1, style: .dim)
            buffer.put(percent, x: x + barWidth, y: top + 1, style: .normal)
        }
        if let progress {
            buffer.put(progress.summary, x: x, y: top + 2, style: .dim, limit: size.width - x)
        }
        if size.height >= 2 {
            let table = keymap.table(.loading)
            let hints = table.bindings.filter { $0.hint != nil && !$0.keys.isEmpty }.map { Hint($0, in: table) }
            buffer.drawHintBar(Rect(x: 0, y: size.height - 1, width: size.width, height: 1), hints: hints, status: "")
        }
        return buffer
    }
}

extension LoadProgress {
    /// What the load is doing, in a line: on the loading screen, and in the bar while a preview shows.
    public var summary: String {
        switch phase {
        case .reading: "\(megabytes(done)) of \(megabytes(total)) MB read · \(counted(events, "event"))"
        case .checking: "Checking quotes against their sources: \(grouped(done)) of \(counted(total, "source"))"
        case .indexing: "Sorting and indexing \(counted(events, "event"))…"
        }
    }

    func megabytes(_ bytes: Int) -> String {
        let tenths = bytes * 10 / 1_000_000
        return "\(grouped(tenths / 10)).\(tenths % 10)"
    }
}
