import TimelineModel

/// The whole program as a value: the loading screen until there is a timeline to show, then the
/// browser. Keys, resizes, the load's news and signals all arrive as `Input`s, and what the
/// world must do leaves as `Effect`s; the driver only translates and draws.
public struct Program: Sendable {
    /// What is on screen.
    public enum Phase: Sendable {
        /// Waiting for the timeline; the progress once the load has taken long enough to show.
        case loading(LoadingScreen)
        case browsing(AppState)
    }

    public private(set) var phase: Phase
    let request: OpeningRequest
    let mouse: Bool
    let keymap: Keymap
    let marks: Marks
    /// Where the reader was last time, to reopen there unless `request` says where to open.
    let place: Place?
    /// A line for the bar once the browser is up (a state file that could not be read, …).
    let notice: String?

    /// A program loading the timeline called `name`, to open as `request` says, or where `place` is.
    public init(name: String, size: Size, request: OpeningRequest = OpeningRequest(), mouse: Bool = true, keymap: Keymap = .standard,
                marks: Marks = Marks(), place: Place? = nil, notice: String? = nil) {
        phase = .loading(LoadingScreen(name: name, progress: nil, size: size, keymap: keymap))
        self.request = request
        self.mouse = mouse
        self.keymap = keymap
        self.marks = marks
        self.place = place
        self.notice = notice
    }

    /// The browser, once there is one.
    public var state: AppState? {
        if case .browsing(let state) = phase { return state }
        return nil
    }

    /// Applies one input; returns what the world must do.
    @discardableResult
    public mutating func handle(_ input: Input) -> [Effect] {
        switch (phase, input) {
        case (_, .signal(let number)):
            // Closing the window is how many leave: where they were is kept as on quitting.
            if let state { return [.keep(state.marks, state.place), .exit(128 + number)] }
            return [.exit(128 + number)]
        case (_, .loadFailed(let error)):
            return [.loadFailed(error, whileBrowsing: state != nil)]
        case (.loading(var screen), .loadProgress(let progress)):
            screen.progress = progress
            phase = .loading(screen)
        case (.loading(let screen), .preview(let timeline, let progress)):
            var state = AppState(timeline: timeline, size: screen.size, mouse: mouse, keymap: keymap, marks: marks)
            state.loading = progress
            state.message = notice
            state.settle()
            phase = .browsing(state)
        case (.loading(let screen), .loaded(let timeline)):
            switch request.resolve(in: timeline) {
            case .failure(let failure):
                return [.notFound(failure)]
            case .success(let found):
                var state = AppState(timeline: timeline, size: screen.size, mouse: mouse, keymap: keymap, marks: marks)
                if request.isEmpty, let place { state.reopen(place) } else { state.open(event: found.event, person: found.person) }
                state.message = notice
                phase = .browsing(state)
            }
        case (.loading(var screen), .resize(let size)):
            screen.size = size
            phase = .loading(screen)
        case (.loading, .key(let key)):
            switch keymap.table(.loading).action(for: key) {
            case .quit: return [.quit]
            case .redraw: return [.redraw]
            default: break
            }
        case (.loading, .mouse):
            break
        case (.browsing(var state), .loadProgress(let progress)):
            // Only a preview is still loading; a finished timeline has no progress to show.
            guard state.loading != nil else { break }
            state.loading = progress
            phase = .browsing(state)
        case (.browsing(let state), .preview(let timeline, let progress)):
            phase = .browsing(state.replacingTimeline(timeline, loading: progress))
        case (.browsing(let state), .loaded(let timeline)):
            phase = .browsing(state.replacingTimeline(timeline, loading: nil))
        case (.browsing(let state), .reloaded(let timeline)):
            var next = state.reloaded(timeline)
            next.message = state.problems.isEmpty ? "Reloaded" : "Reloaded: the problems are gone"
            phase = .browsing(next)
        case (.browsing(var state), .reloadFailed(let error, let targets)):
            // A preview whose load failed is what there is to browse now.
            state.loading = nil
            state.problems = error.diagnostics.enumerated().map { i, d in (d, targets.indices.contains(i) ? targets[i] : nil) }
            // The problems view comes up at once: the save is what the user is looking at.
            if !(state.view is ProblemsView) { state.openTarget(.problems) }
            state.message = "The save has \(counted(error.diagnostics.count, "problem")); the browser keeps the last good timeline"
            state.settle()
            phase = .browsing(state)
        case (.loading, .reloaded), (.loading, .reloadFailed), (.loading, .notice):
            break
        case (.browsing(var state), _):
            let effects = state.handle(input)
            phase = .browsing(state)
            return effects
        }
        return []
    }

    /// The frame to show, or nil while a quick load has nothing to show yet.
    public func render() -> ScreenBuffer? {
        switch phase {
        case .loading(let screen): screen.progress == nil ? nil : screen.render()
        case .browsing(let state): state.render()
        }
    }

    /// The same program with the marks and place kept for its timeline (read once its title is
    /// known), and a notice for the bar.
    public func keeping(_ marks: Marks, place: Place?, notice: String?) -> Program {
        var next = Program(name: "", size: Size(width: 0, height: 0), request: request, mouse: mouse, keymap: keymap, marks: marks, place: place, notice: notice)
        next.phase = phase
        return next
    }

    /// Puts a line in the bar, as a message.
    public mutating func tell(_ text: String) {
        guard case .browsing(var state) = phase else { return }
        state.message = text
        phase = .browsing(state)
    }

    /// Whether the whole timeline is loaded and on screen.
    public var isLoaded: Bool { state.map { $0.loading == nil } ?? false }
}
