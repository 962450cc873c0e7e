# Script para monitorar métricas do Mesos
# (from the seed; the only change: the master is taken from argv[1], default mesos-master:5050;
#  the seed's text had lost its indentation, restored here)
import sys
import requests
import json

MASTER = sys.argv[1] if len(sys.argv) > 1 else 'mesos-master:5050'


def get_mesos_metrics():
    """Coleta métricas do Mesos Master"""
    try:
        response = requests.get(f'http://{MASTER}/metrics/snapshot')
        metrics = response.json()
        # Métricas importantes
        important_metrics = {
            'master/slaves_active': metrics.get('master/slaves_active', 0),
            'master/slaves_inactive': metrics.get('master/slaves_inactive', 0),
            'master/frameworks_active': metrics.get('master/frameworks_active', 0),
            'master/tasks_running': metrics.get('master/tasks_running', 0),
            'master/tasks_failed': metrics.get('master/tasks_failed', 0),
            'master/cpus_total': metrics.get('master/cpus_total', 0),
            'master/cpus_used': metrics.get('master/cpus_used', 0),
            'master/mem_total': metrics.get('master/mem_total', 0),
            'master/mem_used': metrics.get('master/mem_used', 0)
        }
        return important_metrics
    except Exception as e:
        print(f"Erro ao coletar métricas: {e}")
        return None


def print_cluster_status():
    """Imprime status do cluster"""
    metrics = get_mesos_metrics()
    if metrics:
        print("=== Status do Cluster Mesos ===")
        print(f"Slaves Ativos: {metrics['master/slaves_active']}")
        print(f"Slaves Inativos: {metrics['master/slaves_inactive']}")
        print(f"Frameworks Ativos: {metrics['master/frameworks_active']}")
        print(f"Tarefas Executando: {metrics['master/tasks_running']}")
        print(f"Tarefas Falharam: {metrics['master/tasks_failed']}")
        print(f"CPU Utilização: {metrics['master/cpus_used']}/{metrics['master/cpus_total']}")
        print(f"Memória Utilização: {metrics['master/mem_used']:.0f}MB/{metrics['master/mem_total']:.0f}MB")


if __name__ == "__main__":
    print_cluster_status()
