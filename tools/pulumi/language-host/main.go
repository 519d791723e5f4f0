// Command pulumi-language-nodejs is a test stand-in for the Pulumi Node.js language host that
// implements only what `pulumi preview --policy-pack` and `pulumi policy analyze` need: Run for a
// Node.js program and RunPlugin for a Node.js policy pack.
//
// The real host (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is a nested
// module without version tags that the Go module proxy does not serve, so it cannot be pinned in
// this tools module. Like the real host, RunPlugin resolves @pulumi/pulumi/cmd/run-policy-pack from
// the pack's directory, puts the pack behind the SDK's PolicyProxy (which answers Handshake, waits
// for ConfigureStack and exports PULUMI_NODEJS_* and PULUMI_CONFIG), and starts node with the
// engine's arguments followed by the pack directory, in the pack directory. Run starts
// @pulumi/pulumi/cmd/run with the arguments and PULUMI_CONFIG of the real host, connected straight
// to the engine's resource monitor (no monitor proxy, no debugger, no plugin discovery).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	pbempty "google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/grpc"

	"github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// version is set with -ldflags to the Pulumi release the stand-in is built against.
var version = "0.0.0"

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
}

func (h *host) Handshake(context.Context, *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *pbempty.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer) error {
	return nil
}

func (h *host) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

// exitedAfterMessage is the exit code @pulumi/pulumi uses after it has shown the user an error.
const exitedAfterMessage = 32

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	resolve := exec.CommandContext(ctx, node, "-e", "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run'))")
	resolve.Dir = req.Info.ProgramDirectory
	runPath, err := resolve.Output()
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("cannot find @pulumi/pulumi from %s; run npm install: %v", req.Info.ProgramDirectory, err)}, nil
	}
	args := []string{string(runPath)}
	add := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("root-directory", req.GetInfo().RootDirectory)
	add("stack", req.GetStack())
	add("pwd", req.Info.ProgramDirectory)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	args = append(args, req.Info.EntryPoint)
	args = append(args, req.GetArgs()...)

	// the program sees config keys in the historical <namespace>:config:<name> form, as the real host passes them
	config := map[string]string{}
	for key, value := range req.GetConfig() {
		if i := strings.Index(key, ":"); i > 0 {
			config[key[:i]+":config:"+key[i+1:]] = value
		} else {
			config[key] = value
		}
	}
	configJSON, _ := json.Marshal(config)
	secretsJSON, _ := json.Marshal(req.GetConfigSecretKeys())
	env := append(os.Environ(), "PULUMI_CONFIG="+string(configJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretsJSON))
	options := req.Info.Options.AsMap()
	if typescript, ok := options["typescript"].(bool); !ok || typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if tsconfig, ok := options["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = req.Pwd
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		if exit, ok := err.(*exec.ExitError); ok {
			if exit.ExitCode() == exitedAfterMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	ctx := server.Context()
	if req.Kind != "analyzer" {
		return fmt.Errorf("this stand-in language host only runs policy packs, not %q plugins", req.Kind)
	}
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	dir := req.Info.ProgramDirectory
	node, err := exec.LookPath("node")
	if err != nil {
		return err
	}
	resolve := exec.CommandContext(ctx, node, "-e", "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))")
	resolve.Dir = dir
	runPath, err := resolve.Output()
	if err != nil {
		return fmt.Errorf("it looks like the policy pack's dependencies are not installed; try running npm install in %q: %w", dir, err)
	}

	proxy, proxied, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start policy pack proxy: %w", err)
	}
	config, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get stack configuration: %w", err)
	}
	env := req.Env
	if config != nil {
		add := func(k, v string) {
			if v != "" {
				env = append(env, k+"="+v)
			}
		}
		add("PULUMI_NODEJS_ORGANIZATION", config.Organization)
		add("PULUMI_NODEJS_PROJECT", config.Project)
		add("PULUMI_NODEJS_STACK", config.Stack)
		add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(config.DryRun))
		if config.Config != nil {
			text, err := json.Marshal(config.Config)
			if err != nil {
				return err
			}
			add("PULUMI_CONFIG", string(text))
		}
	}

	args := append([]string{string(runPath)}, req.Args...)
	args = append(args, dir)
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = proxied, stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	return proxy.Attach(ctx, cmd)
}

// engineAddress is the first non-flag argument the engine starts the host with.
var engineAddress string

func main() {
	for _, arg := range os.Args[1:] {
		if arg == "--version" || arg == "-version" {
			fmt.Println(version)
			return
		}
		if !strings.HasPrefix(arg, "-") && engineAddress == "" {
			engineAddress = arg
		}
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &host{})
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: could not start: %v\n", filepath.Base(os.Args[0]), err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil && !strings.Contains(err.Error(), "closed") {
		fmt.Fprintf(os.Stderr, "%s: %v\n", filepath.Base(os.Args[0]), err)
		os.Exit(1)
	}
}
