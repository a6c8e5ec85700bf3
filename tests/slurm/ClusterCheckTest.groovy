/*
 * Unit checks of lib/ClusterCheck.groovy's reading of sinfo and matching of requests to nodes, on cases a one-node
 * test cluster does not show (time limits, several partitions, GPUs, nodes of different shapes). A wrong reading would
 * stop valid runs, so each case is checked both ways where it can be.
 *   java -cp '<Nextflow 24.10 lib>/*' groovy.ui.GroovyMain tests/slurm/ClusterCheckTest.groovy lib/ClusterCheck.groovy
 * Prints the failed cases and `N cases, M failed`; exit status 1 when any failed.
 */
import nextflow.util.Duration
import nextflow.util.MemoryUnit

def C = new GroovyClassLoader(this.class.classLoader).parseClass(new File(args[0]))
int cases = 0
def failures = []
def expect = { String what, actual, expected ->
    cases++
    if (actual != expected) failures << "${what}: got ${actual}, expected ${expected}".toString()
}
def req = { int cpus, String mem, String time, int gpus = 0 ->
    [cpus: cpus, memory: new MemoryUnit(mem), time: new Duration(time), gpus: gpus]
}

// SLURM time limits as sinfo prints them
long min = 60_000L, hour = 60 * min, day = 24 * hour
expect 'infinite', C.slurmTimeMs('infinite'), null
expect 'UNLIMITED', C.slurmTimeMs('UNLIMITED'), null
expect 'minutes', C.slurmTimeMs('30'), 30 * min
expect 'm:s', C.slurmTimeMs('30:00'), 30 * min
expect 'h:m:s', C.slurmTimeMs('1:00:00'), hour
expect 'd-h:m:s', C.slurmTimeMs('3-00:00:00'), 3 * day
expect 'd-h', C.slurmTimeMs('1-12'), day + 12 * hour
expect 'd-h:m', C.slurmTimeMs('1-12:30'), day + 12 * hour + 30 * min
expect 'unreadable', C.slurmTimeMs('soon'), null

// GPUs asked for in clusterOptions, and GPUs of a node (sinfo %G)
expect '--gpus=1 among options', C.gpusAsked('-A proj --gpus=1 -C thin'), 1
expect '--gpus 2', C.gpusAsked('--gpus 2'), 2
expect '--gpus=type:4', C.gpusAsked('--gpus=a100:4'), 4
expect '--gpus-per-node=2', C.gpusAsked('--gpus-per-node=2'), 2
expect '--gres=gpu:type:3', C.gpusAsked('--gres=gpu:a100:3'), 3
expect '--gres=gpu:2', C.gpusAsked('--gres=gpu:2'), 2
expect '--gres=gpu', C.gpusAsked('--gres=gpu'), 1
expect 'no GPU option', C.gpusAsked('-A proj'), 0
expect 'no options', C.gpusAsked(null), 0
expect 'gres (null)', C.nodeGpus('(null)'), 0
expect 'gres gpu:8', C.nodeGpus('gpu:8'), 8
expect 'gres gpu:a100:8(S:0-1)', C.nodeGpus('gpu:a100:8(S:0-1)'), 8
expect 'gres gpu:tesla:2,mps:100', C.nodeGpus('gpu:tesla:2,mps:100'), 2
expect 'gres mps only', C.nodeGpus('mps:100'), 0
expect 'gres gpu without count (unknown)', C.nodeGpus('gpu'), null

// nodes: two CPU nodes of different shapes in the default partition, a GPU node without time limit
def nodes = [
    [node: 'a1', partition: 'cpu', default: true, cpus: 32, memoryMb: 256000L, timeLimitMs: 3 * day, gpus: 0],
    [node: 'a2', partition: 'cpu', default: true, cpus: 64, memoryMb: 128000L, timeLimitMs: 3 * day, gpus: 0],
    [node: 'g1', partition: 'gpu', default: false, cpus: 16, memoryMb: 1000000L, timeLimitMs: null, gpus: 8],
]
expect 'no queue: the default partition', C.partitionsOf(null, nodes).nodes*.node, ['a1', 'a2']
expect 'one partition', C.partitionsOf('gpu', nodes).nodes*.node, ['g1']
expect 'two partitions', C.partitionsOf('cpu,gpu', nodes).nodes*.node, ['a1', 'a2', 'g1']
expect 'unknown partition', C.partitionsOf('nosuch', nodes).error, 'partition nosuch not found on this cluster (sinfo lists: cpu, gpu)'
expect 'no default partition', C.partitionsOf(null, [nodes[2]]).error != null, true

def cpu = nodes.take(2)
expect 'fits the larger node', C.fits(req(64, '100 GB', '1d'), cpu), null
expect 'fits exactly', C.fits(req(64, '125 GB', '3d'), cpu), null
expect 'CPUs on one node, memory on the other',
    C.fits(req(64, '200 GB', '1d'), cpu), 'the nodes there have at most 64 CPUs (a2) and at most 250 GB (a1)'
expect 'too many CPUs',
    C.fits(req(128, '1 GB', '1h'), [nodes[0]]), 'the largest node there (a1) has 32 CPUs and 250 GB'
expect 'longer than the time limit',
    C.fits(req(8, '1 GB', '4d'), cpu), 'the nodes there have at most 64 CPUs (a2) and at most 250 GB (a1); the longest time limit there is 3d'
expect 'no time limit', C.fits(req(8, '1 GB', '40d'), [nodes[2]]), null
expect 'a GPU where there is none',
    C.fits(req(2, '4 GB', '1h', 1), cpu), 'the nodes there have at most 64 CPUs (a2) and at most 250 GB (a1); none has a GPU (sinfo %G)'
expect 'GPUs of the GPU node', C.fits(req(16, '500 GB', '1d', 8), [nodes[2]]), null
expect 'more GPUs than a node has',
    C.fits(req(2, '4 GB', '1h', 9), [nodes[2]]), 'the largest node there (g1) has 16 CPUs and 976.6 GB; at most 8 GPUs per node'
expect 'GPUs unknown: taken as enough', C.fits(req(2, '4 GB', '1h', 1), [nodes[0] + [gpus: null]]), null

expect 'describe', C.describe(req(1, '6 GB', '4h', 1)), '1 CPU, 6 GB, 4h, 1 GPU'

failures.each { println "not ok - ${it}" }
println "${cases} cases, ${failures.size()} failed"
System.exit(failures ? 1 : 0)
