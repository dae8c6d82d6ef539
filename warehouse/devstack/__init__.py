"""warehouse/devstack"""
