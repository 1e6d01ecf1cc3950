/*
 * scene-builtin: the default scene compiled into the binary, so `pktpath` works from a
 * fresh build with no files installed. Generated from scenes/c6-better-route.scene by
 * tests/golden/gen-builtin.sh; tests/golden/run.sh fails if the two differ.
 */
#include "scene.h"

static const char scene_c6[] =
	"title C6: a better route moves a live TCP flow to another NIC; its source address stays\n"
	"# The notes' experiment (CLAIMS.md C6, kernel-spec §11.3): comp1 has two NICs on one\n"
	"# L2 segment (the bridge br0 in host sw) with comp2. Both of comp1's addresses are\n"
	"# noprefixroute, so only the routes added here decide the egress NIC.\n"
	"\n"
	"step The network\n"
	"say en comp1 has two NICs on one segment with comp2. Its only route to 172.16.70.0/24 goes out of enp0s4 with src 172.16.70.16.\n"
	"say ru У comp1 две сетевые карты в одном сегменте с comp2. Единственный маршрут в 172.16.70.0/24 ведёт через enp0s4 с src 172.16.70.16.\n"
	"sw ip link add br0 type bridge\n"
	"sw ip link set br0 up\n"
	"comp1 ip link add enp0s3 type veth peer name c1-enp0s3 netns sw\n"
	"comp1 ip link add enp0s4 type veth peer name c1-enp0s4 netns sw\n"
	"comp2 ip link add enp0s3 type veth peer name c2-enp0s3 netns sw\n"
	"sw ip link set c1-enp0s3 master br0\n"
	"sw ip link set c1-enp0s4 master br0\n"
	"sw ip link set c2-enp0s3 master br0\n"
	"sw ip link set c1-enp0s3 up\n"
	"sw ip link set c1-enp0s4 up\n"
	"sw ip link set c2-enp0s3 up\n"
	"comp1 ip link set lo up\n"
	"comp1 ip link set enp0s3 up\n"
	"comp1 ip link set enp0s4 up\n"
	"comp2 ip link set lo up\n"
	"comp2 ip link set enp0s3 up\n"
	"comp1 ip addr add 172.16.70.14/24 dev enp0s3 noprefixroute\n"
	"comp1 ip addr add 172.16.70.16/24 dev enp0s4 scope link noprefixroute\n"
	"comp1 ip route add 172.16.70.0/24 dev enp0s4 scope link src 172.16.70.16 metric 100\n"
	"comp2 ip addr add 172.16.70.15/24 dev enp0s3\n"
	"\n"
	"step comp1 connects to comp2:80\n"
	"say en The process gives only the destination. The kernel takes the NIC and the source from the route and fixes the source in the socket.\n"
	"say ru Процесс задаёт только адрес назначения. NIC и src ядро берёт из маршрута и запоминает src в сокете.\n"
	"comp2 listen tcp 0.0.0.0:80 as s1\n"
	"comp1 connect tcp 172.16.70.15:80 as c1\n"
	"comp2 accept s1 as a1\n"
	"\n"
	"step comp1 writes \"мама мыла раму\"\n"
	"say en The first data segment reuses the socket's cached route: out of enp0s4, src 172.16.70.16.\n"
	"say ru Первый сегмент с данными идёт по маршруту из кэша сокета: через enp0s4, src 172.16.70.16.\n"
	"comp1 send c1 \"мама мыла раму\"\n"
	"\n"
	"step A better route appears\n"
	"say en A route with a lower metric via enp0s3 (src 172.16.70.14). Every route change invalidates the sockets' cached routes.\n"
	"say ru Появляется маршрут с меньшей метрикой через enp0s3 (src 172.16.70.14). Любое изменение таблицы делает кэш маршрутов сокетов недействительным.\n"
	"comp1 ip route add 172.16.70.0/24 dev enp0s3 scope link src 172.16.70.14 metric 10\n"
	"\n"
	"step comp1 writes again: new NIC, same source\n"
	"say en The next segment is routed again with the socket's fixed source: it leaves enp0s3, but its src is still 172.16.70.16. The route's src is ignored.\n"
	"say ru Следующий сегмент маршрутизируется заново с зафиксированным в сокете src: уходит через enp0s3, но src по-прежнему 172.16.70.16. src маршрута игнорируется.\n"
	"comp1 send c1 \"ехал грека через реку\"\n"
	"\n"
	"step comp2 answers\n"
	"say en comp1's ARP request from enp0s3 said \"tell 172.16.70.16\" (arp_announce=0), so comp2 now sends to enp0s3's MAC: the incoming half moved too.\n"
	"say ru ARP-запрос comp1 с enp0s3 сказал «tell 172.16.70.16» (arp_announce=0), и comp2 теперь шлёт на MAC enp0s3: входящая половина тоже переехала.\n"
	"comp2 send a1 \"ok\"\n";

const char *scene_builtin_default(void)
{
	return scene_c6;
}
