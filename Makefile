# make install [PREFIX=/usr/local] [DESTDIR=]: the release binary, the man page and the shell
# completions. make uninstall removes exactly those files.
PREFIX ?= /usr/local
BINARY ?= .build/release/tl

bindir = $(DESTDIR)$(PREFIX)/bin
mandir = $(DESTDIR)$(PREFIX)/share/man/man1
bashdir = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
zshdir = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
fishdir = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
installed = $(bindir)/tl $(mandir)/tl.1 $(bashdir)/tl $(zshdir)/_tl $(fishdir)/tl.fish

.PHONY: all build install install-files uninstall

all: build

build:
	swift build -c release --product tl

install: build install-files

# The files, from an already built BINARY (the tests install a debug build this way).
install-files:
	@test -x $(BINARY) || { echo "no $(BINARY): run make build first"; exit 1; }
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(BINARY) --generate-completion-script bash > "$$tmp/tl.bash" && \
	$(BINARY) --generate-completion-script zsh > "$$tmp/_tl" && \
	$(BINARY) --generate-completion-script fish > "$$tmp/tl.fish" && \
	install -d $(bindir) $(mandir) $(bashdir) $(zshdir) $(fishdir) && \
	install -m 755 $(BINARY) $(bindir)/tl && \
	install -m 644 docs/man/tl.1 $(mandir)/tl.1 && \
	install -m 644 "$$tmp/tl.bash" $(bashdir)/tl && \
	install -m 644 "$$tmp/_tl" $(zshdir)/_tl && \
	install -m 644 "$$tmp/tl.fish" $(fishdir)/tl.fish
	@echo "installed: $(installed)"

uninstall:
	rm -f $(installed)
