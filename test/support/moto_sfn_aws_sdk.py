"""A mend to the emulator (moto 5.2.1), not to the product: it makes moto's ASL interpreter treat
`arn:aws:states:::aws-sdk:<service>:<action>` tasks as AWS Step Functions documents them.

moto hands the Task's `Parameters` to boto3 as they are and resolves the service with boto3's names,
while Step Functions (and our compiler) use
- the service names of the Step Functions documentation (`elasticloadbalancingv2`, not boto3's `elbv2`);
- request members in PascalCase (`Clusters`), which the service model may spell otherwise (ECS: `clusters`);
- and it returns the result with its members in PascalCase.
This module maps names in both directions with botocore's own service model (structures, lists, maps;
map keys and values that are not structures are left as they are), hooked into the two methods moto
leaves empty for this (`_normalise_parameters`, `_normalise_response`). Imported by test/support/moto.ts
in the Python process that runs moto_server, before the server starts.
"""
import botocore.session
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service import StateTaskService
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_aws_sdk import StateTaskServiceAwsSdk

# Step Functions' aws-sdk service names that differ from boto3's (as documented by Step Functions).
SFN_TO_BOTO = {
    "elasticloadbalancingv2": "elbv2",
    "elasticloadbalancing": "elb",
    "cloudwatchlogs": "logs",
}

_session = botocore.session.get_session()
_models = {}


def _operation(service, action):
    model = _models.get(service)
    if model is None:
        model = _models[service] = _session.get_service_model(service)
    return model.operation_model(action[:1].upper() + action[1:])


def to_members(value, shape):
    """Step Functions' PascalCase request -> the service model's member names."""
    if shape is None:
        return value
    if shape.type_name == "structure" and isinstance(value, dict):
        by_lower = {name.lower(): name for name in shape.members}
        out = {}
        for key, item in value.items():
            name = key if key in shape.members else by_lower.get(key.lower(), key)
            out[name] = to_members(item, shape.members.get(name))
        return out
    if shape.type_name == "list" and isinstance(value, list):
        return [to_members(item, shape.member) for item in value]
    if shape.type_name == "map" and isinstance(value, dict):
        return {key: to_members(item, shape.value) for key, item in value.items()}
    return value


def to_pascal(value, shape):
    """The service's result -> members in PascalCase, as Step Functions returns it."""
    if shape is None:
        return value
    if shape.type_name == "structure" and isinstance(value, dict):
        return {key[:1].upper() + key[1:]: to_pascal(item, shape.members.get(key)) for key, item in value.items()}
    if shape.type_name == "list" and isinstance(value, list):
        return [to_pascal(item, shape.member) for item in value]
    if shape.type_name == "map" and isinstance(value, dict):
        return {key: to_pascal(item, shape.value) for key, item in value.items()}
    return value


def _replace(target, value):
    target.clear()
    target.update(value)


def _normalise_parameters(self, parameters, boto_service_name=None, service_action_name=None):
    operation = _operation(self._get_boto_service_name(boto_service_name), service_action_name or self.resource.api_action)
    if isinstance(parameters, dict) and operation.input_shape is not None:
        _replace(parameters, to_members(parameters, operation.input_shape))


def _normalise_response(self, response, boto_service_name=None, service_action_name=None):
    operation = _operation(self._get_boto_service_name(boto_service_name), service_action_name or self.resource.api_action)
    if isinstance(response, dict) and operation.output_shape is not None:
        _replace(response, to_pascal(response, operation.output_shape))


StateTaskServiceAwsSdk._SERVICE_NAME_SFN_TO_BOTO_OVERRIDES = {**StateTaskService._SERVICE_NAME_SFN_TO_BOTO_OVERRIDES, **SFN_TO_BOTO}
StateTaskServiceAwsSdk._normalise_parameters = _normalise_parameters
StateTaskServiceAwsSdk._normalise_response = _normalise_response
