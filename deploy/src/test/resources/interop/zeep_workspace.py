"""A foreign SOAP client for Agora's workspace service: Python's zeep, driven from our WSDL alone.

Usage: zeep_workspace.py WSDL BASE_URL CERT KEY CA_FILE
Prints one line per step; the Java test reads them.
"""
import datetime
import sys

import requests
from lxml import etree
from zeep import Client, Settings
from zeep.exceptions import Fault
from zeep.transports import Transport

wsdl, base, cert, key, ca = sys.argv[1:6]
NS = "http://agora-grid.org/namespaces/2026/11/workspace"

session = requests.Session()
session.cert = (cert, key)
session.verify = ca
# REQUESTS_CA_BUNDLE and friends would override verify: this client trusts the site CA only.
session.trust_env = False
client = Client(wsdl, transport=Transport(session=session), settings=Settings(strict=True))
factory = client.create_service("{%s}WorkspaceFactoryBinding" % NS, base + "/WorkspaceFactory")
resource = client.create_service("{%s}WorkspaceBinding" % NS, base + "/Workspace")
status = client.create_service("{%s}WorkspaceStatusBinding" % NS, base + "/WorkspaceStatus")


def create(memory):
    return factory.Create(
        Metadata={"Image": "debian-12"},
        ResourceAllocation={"Vcpus": 1, "MemoryMiB": memory},
        DeploymentRequest={"Duration": datetime.timedelta(hours=1)},
    )


created = create(256)
print("created", created.WorkspaceId, created.State)

key_header = etree.Element("{%s}WorkspaceKey" % NS)
key_header.text = created.WorkspaceId
state = resource.GetResourceProperty(etree.QName(NS, "State"), _soapheaders=[key_header])
# zeep hands back elements it knows from the schema as typed values, others as lxml elements.
item = state[0]
print("state State", item.text if hasattr(item, "text") else item)

print("listed", len(status.ListWorkspaces()))

try:
    create(0)
    print("fault none")
except Fault as fault:
    detail = fault.detail[0] if fault.detail is not None and len(fault.detail) else None
    print("fault", etree.QName(detail).localname if detail is not None else "-", fault.message)

resource.Destroy(_soapheaders=[key_header])
print("destroyed", created.WorkspaceId)
print("listed", len(status.ListWorkspaces()))
