/**
 * The compute side of the runbook's estate in one region: VPC, two subnets, three EC2 instances behind
 * an ALB `bbws-alb` with target group `bbws-tg` and an HTTP listener, and ECS cluster `prod-cluster`
 * with a FARGATE service (desired 3). In the primary region one instance is stopped after
 * registration, so its target reports unhealthy (moto says `unused` / `Target.InvalidState`).
 */
import { ECSClient, CreateClusterCommand, RegisterTaskDefinitionCommand, CreateServiceCommand } from '@aws-sdk/client-ecs';
import {
  ElasticLoadBalancingV2Client,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  RegisterTargetsCommand,
  CreateListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { queryCall, xmlValue, xmlValues } from './awsQuery';

export const CLUSTER_NAME = 'prod-cluster';
export const SERVICE_NAME = 'bbws-wordpress';
export const TASK_FAMILY = 'bbws-wordpress';
export const ALB_NAME = 'bbws-alb';
export const TG_NAME = 'bbws-tg';
const AMI_ID = 'ami-12c6146b';

export interface RegionNetwork {
  vpcId: string;
  subnetIds: string[];
  securityGroupId: string;
  instanceIds: string[];
  /** The stopped instance whose target is unhealthy; only in the primary region. */
  unhealthyInstanceId?: string;
  albArn: string;
  albDns: string;
  albZoneId: string;
  tgArn: string;
  listenerArn: string;
  clusterArn: string;
  serviceArn: string;
  taskDefinitionArn: string;
}

export function clientConfig(endpoint: string, region: string) {
  return {
    region,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 2,
  };
}

interface Ec2Ids {
  vpcId: string;
  subnetIds: string[];
  securityGroupId: string;
  instanceIds: string[];
}

async function seedEc2(endpoint: string, region: string): Promise<Ec2Ids> {
  const vpcXml = await queryCall(endpoint, 'ec2', region, 'CreateVpc', { CidrBlock: '10.0.0.0/16' });
  const vpcId = xmlValue(vpcXml, 'vpcId');
  const sgXml = await queryCall(endpoint, 'ec2', region, 'CreateSecurityGroup', {
    GroupName: 'bbws-web',
    GroupDescription: 'BBWS WordPress web tier',
    VpcId: vpcId,
  });
  const securityGroupId = xmlValue(sgXml, 'groupId');
  const subnetIds: string[] = [];
  for (const [i, az] of ['a', 'b'].entries()) {
    const xml = await queryCall(endpoint, 'ec2', region, 'CreateSubnet', {
      VpcId: vpcId,
      CidrBlock: `10.0.${i + 1}.0/24`,
      AvailabilityZone: `${region}${az}`,
    });
    subnetIds.push(xmlValue(xml, 'subnetId'));
  }
  const runXml = await queryCall(endpoint, 'ec2', region, 'RunInstances', {
    ImageId: AMI_ID,
    MinCount: 3,
    MaxCount: 3,
    InstanceType: 't3.micro',
    SubnetId: subnetIds[0],
    'SecurityGroupId.1': securityGroupId,
    'TagSpecification.1.ResourceType': 'instance',
    'TagSpecification.1.Tag.1.Key': 'Name',
    'TagSpecification.1.Tag.1.Value': 'bbws-wordpress',
  });
  const instanceIds = [...new Set(xmlValues(runXml, 'instanceId'))];
  return { vpcId, subnetIds, securityGroupId, instanceIds };
}

async function seedAlb(endpoint: string, region: string, vpcId: string, subnetIds: string[], instanceIds: string[]) {
  const elb = new ElasticLoadBalancingV2Client(clientConfig(endpoint, region));
  try {
    const lb = await elb.send(
      new CreateLoadBalancerCommand({ Name: ALB_NAME, Subnets: subnetIds, Scheme: 'internet-facing', Type: 'application' }),
    );
    const alb = lb.LoadBalancers?.[0];
    const tg = await elb.send(
      new CreateTargetGroupCommand({
        Name: TG_NAME,
        Protocol: 'HTTP',
        Port: 80,
        VpcId: vpcId,
        TargetType: 'instance',
        HealthCheckPath: '/wp-login.php',
      }),
    );
    const tgArn = tg.TargetGroups?.[0]?.TargetGroupArn ?? '';
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: instanceIds.map((Id) => ({ Id, Port: 80 })) }));
    const listener = await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: alb?.LoadBalancerArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
      }),
    );
    return {
      albArn: alb?.LoadBalancerArn ?? '',
      albDns: alb?.DNSName ?? '',
      albZoneId: alb?.CanonicalHostedZoneId ?? '',
      tgArn,
      listenerArn: listener.Listeners?.[0]?.ListenerArn ?? '',
    };
  } finally {
    elb.destroy();
  }
}

async function seedEcs(endpoint: string, region: string, ec2: Ec2Ids, tgArn: string) {
  const ecs = new ECSClient(clientConfig(endpoint, region));
  try {
    const cluster = await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER_NAME }));
    const td = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: TASK_FAMILY,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '512',
        memory: '1024',
        containerDefinitions: [
          { name: 'wordpress', image: 'wordpress:6-apache', essential: true, portMappings: [{ containerPort: 80, protocol: 'tcp' }] },
        ],
      }),
    );
    const taskDefinitionArn = td.taskDefinition?.taskDefinitionArn ?? '';
    const svc = await ecs.send(
      new CreateServiceCommand({
        cluster: CLUSTER_NAME,
        serviceName: SERVICE_NAME,
        taskDefinition: taskDefinitionArn,
        desiredCount: 3,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ec2.subnetIds, securityGroups: [ec2.securityGroupId], assignPublicIp: 'DISABLED' } },
        loadBalancers: [{ targetGroupArn: tgArn, containerName: 'wordpress', containerPort: 80 }],
      }),
    );
    return { clusterArn: cluster.cluster?.clusterArn ?? '', serviceArn: svc.service?.serviceArn ?? '', taskDefinitionArn };
  } finally {
    ecs.destroy();
  }
}

/** Seeds one region's compute; stops one registered instance when `withUnhealthy`. */
export async function seedRegionNetwork(endpoint: string, region: string, withUnhealthy: boolean): Promise<RegionNetwork> {
  const ec2 = await seedEc2(endpoint, region);
  const { vpcId, subnetIds, securityGroupId, instanceIds } = ec2;
  const alb = await seedAlb(endpoint, region, vpcId, subnetIds, instanceIds);
  const ecs = await seedEcs(endpoint, region, ec2, alb.tgArn);
  let unhealthyInstanceId: string | undefined;
  if (withUnhealthy) {
    unhealthyInstanceId = instanceIds[instanceIds.length - 1];
    await queryCall(endpoint, 'ec2', region, 'StopInstances', { 'InstanceId.1': unhealthyInstanceId });
  }
  return { vpcId, subnetIds, securityGroupId, instanceIds, unhealthyInstanceId, ...alb, ...ecs };
}
