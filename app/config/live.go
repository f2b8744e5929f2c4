package config

import (
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// The ways a board's page can stay current.
const (
	// LiveStream keeps a page current over one Server-Sent Events stream: the default.
	LiveStream = "stream"
	// LivePoll makes a page fetch every widget at an interval instead: the emergency switch for a
	// proxy or network that breaks long-lived streams.
	LivePoll = "poll"
)

// MinPoll is the shortest polling interval allowed; anything shorter costs the server more than a
// stream would.
const MinPoll = 2 * time.Second

// Live says how a board's page stays current, written "stream" or "poll 30s" in the config, at
// the top level and per board; a board's setting overrides the top level's.
type Live struct {
	// Mode is LiveStream or LivePoll; "" when the setting is left out.
	Mode string
	// Every is the polling interval in LivePoll mode, at least MinPoll.
	Every time.Duration
}

// ParseLive parses "stream" or "poll" followed by an interval of at least MinPoll.
func ParseLive(s string) (Live, error) {
	f := strings.Fields(s)
	switch {
	case len(f) == 1 && f[0] == LiveStream:
		return Live{Mode: LiveStream}, nil
	case len(f) == 0 || f[0] != LivePoll || len(f) > 2:
		return Live{}, fmt.Errorf("invalid live setting %q: want stream, or poll and an interval such as poll 30s", s)
	case len(f) == 1:
		return Live{}, fmt.Errorf("invalid live setting %q: poll needs an interval, such as poll 30s", s)
	}
	d, err := time.ParseDuration(f[1])
	if err != nil {
		return Live{}, fmt.Errorf("invalid live setting %q: want an interval such as poll 30s", s)
	}
	if d < MinPoll {
		return Live{}, fmt.Errorf("invalid live setting %q: the polling interval must be at least %s", s, MinPoll)
	}
	return Live{Mode: LivePoll, Every: d}, nil
}

// UnmarshalYAML reads a live setting from a YAML scalar.
func (l *Live) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return typeError(n, "want stream, or poll and an interval such as poll 30s")
	}
	v, err := ParseLive(n.Value)
	if err != nil {
		return typeError(n, err.Error())
	}
	*l = v
	return nil
}

// Poll returns the polling interval, or 0 when the page streams.
func (l Live) Poll() time.Duration {
	if l.Mode == LivePoll {
		return l.Every
	}
	return 0
}

// String formats l the way it is written in a config file.
func (l Live) String() string {
	if l.Mode == LivePoll {
		return LivePoll + " " + Duration(l.Every).String()
	}
	return LiveStream
}
