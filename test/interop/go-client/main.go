// A latchkey client written with Debian's Go gRPC packages and the stubs in
// gen/go. Run by test/interop.test.ts against a real server: LATCHKEY_URL
// (host:port), LATCHKEY_KEY (an instance key). Prints what it saw as JSON.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	machinev1 "github.com/latchkey/latchkey/gen/go/latchkey/machine/v1"
	scopev1 "github.com/latchkey/latchkey/gen/go/latchkey/scope/v1"
	tokenv1 "github.com/latchkey/latchkey/gen/go/latchkey/token/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

func withKey(key string) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+key)
}

// canonical names a status code as the gRPC spec does (NotFound -> NOT_FOUND).
func canonical(err error) string {
	return strings.ToUpper(regexp.MustCompile("([a-z])([A-Z])").ReplaceAllString(status.Code(err).String(), "${1}_${2}"))
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	conn, err := grpc.Dial(os.Getenv("LATCHKEY_URL"), grpc.WithInsecure())
	must(err)
	defer conn.Close()
	key := os.Getenv("LATCHKEY_KEY")
	machines := machinev1.NewMachineServiceClient(conn)
	seen := map[string]interface{}{}

	receiver, err := machines.CreateMachine(withKey(key), &machinev1.CreateMachineRequest{Name: "go receiver"})
	must(err)
	caller, err := machines.CreateMachine(withKey(key), &machinev1.CreateMachineRequest{
		Name: "go caller", ScopedMachineIds: []string{receiver.Machine.Id},
	})
	must(err)
	seen["created"] = caller.Machine.Name
	got, err := machines.GetMachine(withKey(key), &machinev1.GetMachineRequest{Id: caller.Machine.Id})
	must(err)
	seen["got"] = got.Machine.Name

	stream, err := machines.ListMachines(withKey(key), &machinev1.ListMachinesRequest{Query: "go "})
	must(err)
	streamed := []string{}
	for {
		batch, err := stream.Recv()
		if err == io.EOF {
			break
		}
		must(err)
		for _, m := range batch.Machines {
			streamed = append(streamed, m.Name)
		}
	}
	seen["streamed"] = streamed

	_, err = machines.GetMachine(context.Background(), &machinev1.GetMachineRequest{Id: caller.Machine.Id})
	seen["without_key"] = canonical(err)
	_, err = machines.GetMachine(withKey(key), &machinev1.GetMachineRequest{Id: "mch_" + strings.Repeat("0", 27)})
	seen["missing"] = canonical(err)
	for _, detail := range status.Convert(err).Details() {
		if info, ok := detail.(*errdetails.ErrorInfo); ok {
			seen["missing_error_info"] = map[string]interface{}{"reason": info.Reason, "domain": info.Domain, "metadata": info.Metadata}
		}
	}

	tokens := tokenv1.NewTokenServiceClient(conn)
	token, err := tokens.CreateToken(withKey(caller.SecretKey), &tokenv1.CreateTokenRequest{})
	must(err)
	verified, err := tokens.VerifyToken(withKey(receiver.SecretKey), &tokenv1.VerifyTokenRequest{Token: token.Secret})
	must(err)
	seen["verified_subject_is_caller"] = verified.Token.Subject == caller.Machine.Id

	// The receiver asks, with its own machine key, whether the caller may deploy.
	scopes := scopev1.NewScopeServiceClient(conn)
	_, err = scopes.CreateScopeType(withKey(key), &scopev1.CreateScopeTypeRequest{Id: "type_team", Name: "Team"})
	must(err)
	_, err = scopes.CreateRole(withKey(key), &scopev1.CreateRoleRequest{Id: "role_deployer", Name: "Deployer", Permissions: []string{"deploy:*"}})
	must(err)
	_, err = scopes.CreateScope(withKey(key), &scopev1.CreateScopeRequest{
		Id: "scope_interop", Name: "Interop", TypeId: "type_team",
		Memberships: []*scopev1.MembershipSpec{{SubjectId: caller.Machine.Id, RoleIds: []string{"role_deployer"}}},
	})
	must(err)
	check, err := scopes.CheckPermission(withKey(receiver.SecretKey), &scopev1.CheckPermissionRequest{
		SubjectId: caller.Machine.Id, ScopeId: "scope_interop", Permission: "deploy:prod",
	})
	must(err)
	seen["caller_may_deploy"] = check.Allowed
	seen["granted_by_role"] = check.Grants[0].RoleId

	out, err := json.Marshal(seen)
	must(err)
	fmt.Println(string(out))
}
