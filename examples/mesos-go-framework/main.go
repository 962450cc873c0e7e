// Command mesosgo is a tiny Mesos v1 HTTP scheduler written with mesos-go
// (github.com/mesos/mesos-go/api/v1, httpcli + httpsched, protobuf codec).
// It is a test client for mesos-bridge: it subscribes, launches N short
// tasks (and optionally one long "sleep" task that it KILLs once RUNNING),
// acknowledges every status update that carries a uuid, declines unused
// offers, prints one line per update and exits 0 when every task reached
// its expected terminal state.
//
// Exit codes: 0 success, 1 connection/protocol error or ERROR event,
// 2 a task reached an unexpected terminal state, 3 timeout, 64 bad flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	mesos "github.com/mesos/mesos-go/api/v1/lib"
	"github.com/mesos/mesos-go/api/v1/lib/encoding"
	"github.com/mesos/mesos-go/api/v1/lib/encoding/codecs"
	"github.com/mesos/mesos-go/api/v1/lib/httpcli"
	"github.com/mesos/mesos-go/api/v1/lib/httpcli/httpsched"
	"github.com/mesos/mesos-go/api/v1/lib/resources"
	"github.com/mesos/mesos-go/api/v1/lib/scheduler"
	"github.com/mesos/mesos-go/api/v1/lib/scheduler/calls"
)

const (
	exitOK        = 0
	exitError     = 1
	exitTaskState = 2
	exitTimeout   = 3
	exitUsage     = 64
)

type config struct {
	master         string
	codec          string
	tasks          int
	command        string
	cpus           float64
	mem            float64
	killAfter      time.Duration
	killCommand    string
	timeout        time.Duration
	name           string
	user           string
	role           string
	multiRole      bool
	taskPrefix     string
	failover       time.Duration
	maxRedirects   int
	refuseDone     time.Duration
	teardownAtExit bool
}

type taskState struct {
	id       string
	agentID  string
	expected mesos.TaskState
	sleeper  bool
	launched bool
	state    *mesos.TaskState
	killSent bool
}

func main() {
	os.Exit(run())
}

func run() int {
	var c config
	fs := flag.NewFlagSet("mesosgo", flag.ContinueOnError)
	fs.StringVar(&c.master, "master", "http://127.0.0.1:5050/api/v1/scheduler", "scheduler API endpoint URL (a bare host:port is expanded to http://host:port/api/v1/scheduler)")
	fs.StringVar(&c.codec, "codec", "protobuf", "wire codec: protobuf (application/x-protobuf) or json (application/json)")
	fs.IntVar(&c.tasks, "tasks", 1, "number of short tasks to launch (each must reach TASK_FINISHED)")
	fs.StringVar(&c.command, "command", "echo hello from mesos-go", "shell command of the short tasks")
	fs.Float64Var(&c.cpus, "cpus", 0.1, "cpus per task")
	fs.Float64Var(&c.mem, "mem", 32, "mem (MB) per task")
	fs.DurationVar(&c.killAfter, "kill-after", 0, "if > 0: also launch one long task (-kill-command) and send KILL this long after it is TASK_RUNNING; it must reach TASK_KILLED")
	fs.StringVar(&c.killCommand, "kill-command", "sleep 600", "shell command of the long task used with -kill-after")
	fs.DurationVar(&c.timeout, "timeout", 120*time.Second, "give up (exit 3) after this long")
	fs.StringVar(&c.name, "name", "mesos-go-example", "framework name")
	fs.StringVar(&c.user, "user", "root", "framework user")
	fs.StringVar(&c.role, "role", "*", "framework role")
	fs.BoolVar(&c.multiRole, "multi-role", true, "subscribe with the MULTI_ROLE capability (roles=[role], task resources carry allocation_info)")
	fs.StringVar(&c.taskPrefix, "task-prefix", "mesosgo-task", "task id prefix; short tasks are <prefix>-<i>, the long one <prefix>-sleeper")
	fs.DurationVar(&c.failover, "failover-timeout", 60*time.Second, "FrameworkInfo.failover_timeout")
	fs.IntVar(&c.maxRedirects, "max-redirects", 9, "httpsched: attempts per SUBSCRIBE (redirects and connection failures)")
	fs.DurationVar(&c.refuseDone, "refuse-after-done", time.Hour, "refuse_seconds used when declining offers once every task is launched")
	fs.BoolVar(&c.teardownAtExit, "teardown", true, "send TEARDOWN before exiting")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "unexpected arguments: %v\n", fs.Args())
		return exitUsage
	}
	if c.tasks < 0 || (c.tasks == 0 && c.killAfter <= 0) {
		fmt.Fprintln(os.Stderr, "nothing to do: -tasks must be > 0 or -kill-after set")
		return exitUsage
	}
	if !strings.Contains(c.master, "://") {
		c.master = "http://" + c.master + "/api/v1/scheduler"
	}
	codec, ok := map[string]encoding.Codec{
		"protobuf": codecs.ByMediaType[codecs.MediaTypeProtobuf],
		"json":     codecs.ByMediaType[codecs.MediaTypeJSON],
	}[c.codec]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown -codec %q (protobuf|json)\n", c.codec)
		return exitUsage
	}

	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()

	cli := httpcli.New(
		httpcli.Endpoint(c.master),
		httpcli.Codec(codec),
		httpcli.Do(httpcli.With(httpcli.Timeout(15*time.Second))),
	)
	caller := httpsched.NewCaller(cli, httpsched.MaxRedirects(c.maxRedirects))
	return newFramework(c, caller).loop(ctx)
}

type framework struct {
	c           config
	caller      calls.Caller
	frameworkID string
	tasks       []*taskState
	byID        map[string]*taskState
	killTimers  chan string
}

func newFramework(c config, caller calls.Caller) *framework {
	f := &framework{c: c, caller: caller, byID: map[string]*taskState{}, killTimers: make(chan string, 4)}
	for i := 0; i < c.tasks; i++ {
		t := &taskState{id: fmt.Sprintf("%s-%d", c.taskPrefix, i), expected: mesos.TASK_FINISHED}
		f.tasks = append(f.tasks, t)
		f.byID[t.id] = t
	}
	if c.killAfter > 0 {
		t := &taskState{id: c.taskPrefix + "-sleeper", expected: mesos.TASK_KILLED, sleeper: true}
		f.tasks = append(f.tasks, t)
		f.byID[t.id] = t
	}
	return f
}

func (f *framework) frameworkInfo() *mesos.FrameworkInfo {
	failover := f.c.failover.Seconds()
	fi := &mesos.FrameworkInfo{
		User:            f.c.user,
		Name:            f.c.name,
		FailoverTimeout: &failover,
	}
	if f.c.multiRole {
		fi.Roles = []string{f.c.role}
		fi.Capabilities = []mesos.FrameworkInfo_Capability{{Type: mesos.FrameworkInfo_Capability_MULTI_ROLE}}
	} else {
		role := f.c.role
		fi.Role = &role
	}
	if f.frameworkID != "" {
		fi.ID = &mesos.FrameworkID{Value: f.frameworkID}
	}
	return fi
}

type eventOrErr struct {
	e   *scheduler.Event
	err error
}

// loop subscribes (and resubscribes with the same framework id if the stream
// breaks) until all tasks are done, the timeout expires or a fatal error occurs.
func (f *framework) loop(ctx context.Context) int {
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return f.timedOut()
			case <-time.After(time.Second):
			}
			fmt.Printf("resubscribing framework_id=%s\n", f.frameworkID)
		}
		resp, err := f.caller.Call(ctx, calls.Subscribe(f.frameworkInfo()))
		if err != nil {
			if ctx.Err() != nil {
				return f.timedOut()
			}
			fmt.Fprintf(os.Stderr, "error: SUBSCRIBE to %s failed: %v\n", f.c.master, err)
			return exitError
		}
		code, again := f.consume(ctx, resp)
		resp.Close()
		if !again {
			return code
		}
	}
}

func (f *framework) consume(ctx context.Context, resp mesos.Response) (code int, resubscribe bool) {
	events := make(chan eventOrErr)
	streamCtx, stopStream := context.WithCancel(ctx)
	defer stopStream()
	go func() {
		for {
			var e scheduler.Event
			err := resp.Decode(&e)
			select {
			case events <- eventOrErr{&e, err}:
			case <-streamCtx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return f.timedOut(), false
		case id := <-f.killTimers:
			if err := f.kill(ctx, id); err != nil {
				fmt.Fprintf(os.Stderr, "warning: KILL %s failed: %v\n", id, err)
			}
		case ev := <-events:
			if ev.err != nil {
				if ctx.Err() != nil {
					return f.timedOut(), false
				}
				if errors.Is(ev.err, io.EOF) {
					fmt.Fprintln(os.Stderr, "event stream closed by master")
				} else {
					fmt.Fprintf(os.Stderr, "event stream error: %v\n", ev.err)
				}
				if f.frameworkID == "" {
					fmt.Fprintln(os.Stderr, "error: stream ended before SUBSCRIBED")
					return exitError, false
				}
				return 0, true
			}
			if code, done := f.handle(ctx, ev.e); done {
				return code, false
			}
		}
	}
}

func (f *framework) call(ctx context.Context, call *scheduler.Call) error {
	call = call.With(calls.Framework(f.frameworkID))
	return calls.CallNoData(ctx, f.caller, call)
}

func (f *framework) handle(ctx context.Context, e *scheduler.Event) (int, bool) {
	switch e.GetType() {
	case scheduler.Event_SUBSCRIBED:
		s := e.GetSubscribed()
		resubscribed := f.frameworkID != ""
		f.frameworkID = s.GetFrameworkID().GetValue()
		fmt.Printf("subscribed framework_id=%s heartbeat=%vs\n", f.frameworkID, s.GetHeartbeatIntervalSeconds())
		if resubscribed {
			f.reconcile(ctx)
		}
	case scheduler.Event_OFFERS:
		if err := f.offers(ctx, e.GetOffers().GetOffers()); err != nil {
			fmt.Fprintf(os.Stderr, "warning: handling offers: %v\n", err)
		}
	case scheduler.Event_UPDATE:
		return f.update(ctx, e.GetUpdate().GetStatus())
	case scheduler.Event_RESCIND:
		fmt.Printf("rescind offer=%s\n", e.GetRescind().OfferID.Value)
	case scheduler.Event_FAILURE:
		fl := e.GetFailure()
		fmt.Printf("failure agent=%s executor=%s\n", fl.GetAgentID().GetValue(), fl.GetExecutorID().GetValue())
	case scheduler.Event_ERROR:
		fmt.Fprintf(os.Stderr, "error: ERROR event from master: %s\n", e.GetError().GetMessage())
		return exitError, true
	case scheduler.Event_HEARTBEAT:
		// nothing
	default:
		fmt.Printf("event type=%s\n", e.GetType())
	}
	return 0, false
}

func scalar(rs []mesos.Resource, name string) (sum float64) {
	for i := range rs {
		if rs[i].GetName() == name && rs[i].GetType() == mesos.SCALAR {
			sum += rs[i].GetScalar().GetValue()
		}
	}
	return
}

func (f *framework) taskResources(offer *mesos.Offer) []mesos.Resource {
	rs := []mesos.Resource{resources.NewCPUs(f.c.cpus).Resource, resources.NewMemory(f.c.mem).Resource}
	if f.c.multiRole {
		role := f.c.role
		// use the role the offer was allocated to, if present
		for _, r := range offer.Resources {
			if r.GetAllocationInfo().GetRole() != "" {
				role = r.GetAllocationInfo().GetRole()
				break
			}
		}
		for i := range rs {
			rs[i].AllocationInfo = &mesos.Resource_AllocationInfo{Role: &role}
		}
	}
	return rs
}

func (f *framework) offers(ctx context.Context, offers []mesos.Offer) error {
	var firstErr error
	for i := range offers {
		o := &offers[i]
		cpus, mem := scalar(o.Resources, "cpus"), scalar(o.Resources, "mem")
		var launch []mesos.TaskInfo
		for _, t := range f.tasks {
			if t.launched {
				continue
			}
			if cpus+1e-9 < f.c.cpus || mem+1e-9 < f.c.mem {
				break
			}
			cmd := f.c.command
			if t.sleeper {
				cmd = f.c.killCommand
			}
			shell := true
			launch = append(launch, mesos.TaskInfo{
				Name:      t.id,
				TaskID:    mesos.TaskID{Value: t.id},
				AgentID:   o.AgentID,
				Resources: f.taskResources(o),
				Command:   &mesos.CommandInfo{Value: &cmd, Shell: &shell},
			})
			t.launched = true
			t.agentID = o.AgentID.Value
			cpus -= f.c.cpus
			mem -= f.c.mem
		}
		var err error
		if len(launch) > 0 {
			ids := make([]string, len(launch))
			for j := range launch {
				ids[j] = launch[j].TaskID.Value
			}
			fmt.Printf("accept offer=%s agent=%s launch=%s\n", o.ID.Value, o.AgentID.Value, strings.Join(ids, ","))
			err = f.call(ctx, calls.Accept(calls.OfferOperations{calls.OpLaunch(launch...)}.WithOffers(o.ID)))
		} else {
			refuse := 5 * time.Second
			if f.allLaunched() {
				refuse = f.c.refuseDone
			}
			fmt.Printf("decline offer=%s\n", o.ID.Value)
			err = f.call(ctx, calls.Decline(o.ID).With(calls.RefuseSeconds(refuse)))
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

func (f *framework) allLaunched() bool {
	for _, t := range f.tasks {
		if !t.launched {
			return false
		}
	}
	return true
}

func isTerminal(s mesos.TaskState) bool {
	switch s {
	case mesos.TASK_FINISHED, mesos.TASK_FAILED, mesos.TASK_KILLED, mesos.TASK_ERROR,
		mesos.TASK_LOST, mesos.TASK_DROPPED, mesos.TASK_GONE, mesos.TASK_GONE_BY_OPERATOR:
		return true
	}
	return false
}

func (f *framework) update(ctx context.Context, st mesos.TaskStatus) (int, bool) {
	id := st.TaskID.Value
	state := st.GetState()
	fmt.Printf("update task=%s state=%s\n", id, state)
	if msg := st.GetMessage(); msg != "" {
		reason := "none"
		if st.Reason != nil {
			reason = st.GetReason().String()
		}
		fmt.Printf("  message=%q reason=%s source=%s\n", msg, reason, st.GetSource())
	}
	if uuid := st.GetUUID(); len(uuid) > 0 {
		agent := st.GetAgentID().GetValue()
		if err := f.call(ctx, calls.Acknowledge(agent, id, uuid)); err != nil {
			fmt.Fprintf(os.Stderr, "warning: ACKNOWLEDGE task=%s failed: %v\n", id, err)
		}
	}
	t := f.byID[id]
	if t == nil {
		return 0, false
	}
	if a := st.GetAgentID().GetValue(); a != "" {
		t.agentID = a
	}
	if t.state != nil && isTerminal(*t.state) {
		return 0, false // duplicate/late update for a finished task
	}
	s := state
	t.state = &s
	if t.sleeper && state == mesos.TASK_RUNNING && !t.killSent {
		t.killSent = true
		go func(id string) {
			time.Sleep(f.c.killAfter)
			f.killTimers <- id
		}(t.id)
	}
	if isTerminal(state) && state != t.expected {
		fmt.Fprintf(os.Stderr, "error: task %s reached %s, expected %s\n", id, state, t.expected)
		f.teardown(ctx)
		return exitTaskState, true
	}
	for _, t := range f.tasks {
		if t.state == nil || *t.state != t.expected {
			return 0, false
		}
	}
	fmt.Printf("all %d tasks reached their expected state\n", len(f.tasks))
	f.teardown(ctx)
	return exitOK, true
}

// reconcile asks for the latest state of every launched, unfinished task
// (explicit reconciliation, as frameworks do after re-subscribing).
func (f *framework) reconcile(ctx context.Context) {
	tasks := map[string]string{}
	for _, t := range f.tasks {
		if t.launched && (t.state == nil || !isTerminal(*t.state)) {
			tasks[t.id] = t.agentID
		}
	}
	if len(tasks) == 0 {
		return
	}
	fmt.Printf("reconcile tasks=%d\n", len(tasks))
	if err := f.call(ctx, calls.Reconcile(calls.ReconcileTasks(tasks))); err != nil {
		fmt.Fprintf(os.Stderr, "warning: RECONCILE failed: %v\n", err)
	}
}

func (f *framework) kill(ctx context.Context, id string) error {
	t := f.byID[id]
	fmt.Printf("kill task=%s\n", id)
	return f.call(ctx, calls.Kill(id, t.agentID))
}

func (f *framework) teardown(ctx context.Context) {
	if !f.c.teardownAtExit || f.frameworkID == "" {
		return
	}
	if err := f.call(ctx, &scheduler.Call{Type: scheduler.Call_TEARDOWN}); err != nil {
		fmt.Fprintf(os.Stderr, "warning: TEARDOWN failed: %v\n", err)
	} else {
		fmt.Println("teardown sent")
	}
}

func (f *framework) timedOut() int {
	var pending []string
	for _, t := range f.tasks {
		if t.state == nil || *t.state != t.expected {
			s := "none"
			if t.state != nil {
				s = t.state.String()
			}
			pending = append(pending, fmt.Sprintf("%s(%s, want %s)", t.id, s, t.expected))
		}
	}
	sort.Strings(pending)
	if f.frameworkID == "" {
		fmt.Fprintf(os.Stderr, "error: timeout after %v: never subscribed to %s (nothing listening, or no answer)\n", f.c.timeout, f.c.master)
	}
	fmt.Fprintf(os.Stderr, "error: timeout after %v; subscribed=%v; pending: %s\n", f.c.timeout, f.frameworkID != "", strings.Join(pending, " "))
	return exitTimeout
}
